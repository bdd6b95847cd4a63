"""The one registry of mapped tables, for mappers and Alembic."""

from aftersales.accounts.models import Account, AccountLink, ApiToken, LoginSession
from aftersales.audit.models import AuditEntry
from aftersales.care.models import CareInUse, CareInUsePoint, CarePartOutlook
from aftersales.catalog.models import Brand, BrandLogo, ModelTac, PhoneModel, ServiceCentre, Shop
from aftersales.community.models import (
    CommunityAnswer,
    CommunityQuestion,
    CommunityReport,
    CommunityVote,
)
from aftersales.counter.models import HandBack, IntakeChecklist, RepairPhoto
from aftersales.db import Base
from aftersales.defects.models import DefectAlert
from aftersales.devices.models import Phone
from aftersales.idempotency.models import IdempotentRequest
from aftersales.insights.models import (
    InsightsCube,
    InsightsCubeBrand,
    InsightsFact,
    InsightsRun,
)
from aftersales.inventory.models import (
    Part,
    StockLevel,
    StockLocation,
    StockMovement,
    SupplyLine,
    SupplyOrder,
)
from aftersales.jobs.models import JobRun
from aftersales.knowledge.models import Article, ArticleFeedback, Revision
from aftersales.notifications.models import DeliveryAttempt, OutboxMessage, WebhookEndpoint
from aftersales.repairs.models import (
    CentreBacklog,
    Contact,
    Loaner,
    Quote,
    RepairEvent,
    RepairOrder,
    RepairPart,
)
from aftersales.selfhelp.models import Attempt
from aftersales.sla.models import SlaPolicy
from aftersales.software.models import SoftwareRelease, SoftwareSighting
from aftersales.support.models import BrandExit, SupportCommitment
from aftersales.surveys.models import SurveyAnswer, SurveyInvitation
from aftersales.surveys.rollup import SurveyRollupBrand, SurveyRollupModel, SurveyRollupPlace
from aftersales.warranty.models import WarrantyPolicy

__all__ = [
    "Account",
    "AccountLink",
    "ApiToken",
    "Article",
    "ArticleFeedback",
    "Attempt",
    "AuditEntry",
    "Base",
    "Brand",
    "BrandExit",
    "BrandLogo",
    "CareInUse",
    "CareInUsePoint",
    "CarePartOutlook",
    "CentreBacklog",
    "CommunityAnswer",
    "CommunityQuestion",
    "CommunityReport",
    "CommunityVote",
    "Contact",
    "DefectAlert",
    "DeliveryAttempt",
    "HandBack",
    "IdempotentRequest",
    "InsightsCube",
    "InsightsCubeBrand",
    "InsightsFact",
    "InsightsRun",
    "IntakeChecklist",
    "JobRun",
    "Loaner",
    "LoginSession",
    "ModelTac",
    "OutboxMessage",
    "Part",
    "Phone",
    "PhoneModel",
    "Quote",
    "RepairEvent",
    "RepairOrder",
    "RepairPart",
    "RepairPhoto",
    "Revision",
    "ServiceCentre",
    "Shop",
    "SlaPolicy",
    "SoftwareRelease",
    "SoftwareSighting",
    "StockLevel",
    "StockLocation",
    "StockMovement",
    "SupplyLine",
    "SupplyOrder",
    "SupportCommitment",
    "SurveyAnswer",
    "SurveyInvitation",
    "SurveyRollupBrand",
    "SurveyRollupModel",
    "SurveyRollupPlace",
    "WarrantyPolicy",
    "WebhookEndpoint",
]
