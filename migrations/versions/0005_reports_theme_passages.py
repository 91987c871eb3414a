"""report comments keep, per machine theme, the part of a long answer the theme was found in

Revision ID: 0005_passages
Revises: 0004_reports
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_passages'
down_revision = '0004_reports'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('report_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('passages', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('report_comments', schema=None) as batch_op:
        batch_op.drop_column('passages')
