"""council reports: reports, reviewed comments, frozen versions

Revision ID: 0004_reports
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa
import engage.models.base


revision = '0004_reports'
down_revision = '0001_core'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('analysis', sa.JSON(), nullable=False),
    sa.Column('analysed_at', engage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', engage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', engage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_reports_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('slug', name=op.f('uq_reports_slug'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_survey_id'), ['survey_id'], unique=False)

    op.create_table('report_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=10), nullable=False),
    sa.Column('question_key', sa.String(length=60), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('machine_themes', sa.JSON(), nullable=False),
    sa.Column('analyst_themes', sa.JSON(), nullable=True),
    sa.Column('reviewed_at', engage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('sentiment', sa.JSON(), nullable=True),
    sa.Column('quote_status', sa.String(length=10), nullable=False),
    sa.Column('translation', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_report_comments_answer_id_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_comments_report_id_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_report_comments_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_comments')),
    sa.UniqueConstraint('report_id', 'answer_id', 'part', name='uq_report_comments_answer')
    )
    with op.batch_alter_table('report_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_comments_report_id'), ['report_id'], unique=False)

    op.create_table('report_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('published_at', engage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_report_versions_published_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_versions_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_versions')),
    sa.UniqueConstraint('report_id', 'number', name='uq_report_versions_number')
    )
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_versions_report_id'), ['report_id'], unique=False)


def downgrade() -> None:
    op.drop_table('report_versions')
    op.drop_table('report_comments')
    op.drop_table('reports')
