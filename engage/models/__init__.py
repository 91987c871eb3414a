"""Typed SQLAlchemy models, one module per aggregate; import them all here so metadata is complete."""
from engage.models.account import PERMISSIONS, ROLES, User
from engage.models.audit import AuditEvent
from engage.models.base import Base, utcnow
from engage.models.consultation import Consultation, ConsultationTopic
from engage.models.report import Report, ReportComment, ReportVersion
from engage.models.response import CHANNELS, Answer, Draft, Response
from engage.models.session import ListeningSession, PaperCheck, PaperCode, SessionNote, SessionRegistration, SessionTally
from engage.models.survey import (
    CHOICE_TYPES,
    DONT_KNOW,
    OTHER,
    PREFER_NOT,
    QUESTION_TYPES,
    SEGMENTS,
    Choice,
    InviteCode,
    Question,
    Section,
    Survey,
    SurveyStateError,
)

__all__ = [
    "Answer", "AuditEvent", "Base", "CHANNELS", "CHOICE_TYPES", "Choice", "DONT_KNOW", "Draft", "InviteCode",
    "OTHER", "PERMISSIONS", "PREFER_NOT", "QUESTION_TYPES", "ROLES", "Question", "Response", "SEGMENTS",
    "Section", "Survey", "SurveyStateError", "User", "utcnow",
    "Consultation", "ConsultationTopic",
    "ListeningSession", "PaperCheck", "PaperCode", "SessionNote", "SessionRegistration", "SessionTally",
    "Report", "ReportComment", "ReportVersion",
]
