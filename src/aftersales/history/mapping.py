"""The mapping file of a history import: which column says what, and what each code means.

A TOML file (read with tomllib) with four tables:

- `[columns]`: the CSV column of each field; `external_id`, `status` and `timestamp` are
  required, the others (`imei`, `brand`, `model`, `centre`, `shop`, `country`, `channel`,
  `fault_category`, `problem`, `outcome`, `contact_name`, `contact_email`, `contact_phone`)
  optional.
- `[timestamp]`: `format` (strptime; default ISO 8601) and `timezone` of times written
  without one (default UTC).
- `[statuses]`: the source's status or activity code -> one of our statuses, or "ignore".
- `[defaults]`: what a line lacking a field gets (brand, model, centre, shop, country,
  channel, fault_category, problem, outcome).
- `[options]`: `create_models` (a model the catalogue lacks is created; default false),
  `close_ready` (a history ending ready is closed at its last event; default false).

Every mistake in the file is reported at once, before any line of the CSV is read.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.repairs.models import CHANNELS, FAULT_CATEGORIES
from aftersales.repairs.states import Outcome, Status

IGNORE = "ignore"
REQUIRED = ("external_id", "status", "timestamp")
OPTIONAL = (
    "imei",
    "brand",
    "model",
    "centre",
    "shop",
    "country",
    "channel",
    "fault_category",
    "problem",
    "outcome",
    "contact_name",
    "contact_email",
    "contact_phone",
)
DEFAULTS = (
    "brand",
    "model",
    "centre",
    "shop",
    "country",
    "channel",
    "fault_category",
    "problem",
    "outcome",
)
OPTIONS = ("create_models", "close_ready")
TABLES = ("source", "columns", "timestamp", "statuses", "defaults", "options")
SOURCE_MAX = 40


@dataclass(frozen=True)
class Mapping:
    """A checked mapping: columns by field, codes to statuses, defaults and options."""

    columns: dict[str, str]
    statuses: dict[str, str]
    defaults: dict[str, str] = field(default_factory=dict)
    time_format: str | None = None
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    create_models: bool = False
    close_ready: bool = False
    source: str | None = None

    def column(self, name: str) -> str | None:
        """Return the CSV column holding a field, or None if the source has none."""
        return self.columns.get(name)


def load_mapping(raw: bytes) -> Mapping:
    """Read and check a mapping file; raise ValidationFailed naming every mistake."""
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValidationFailed(
            Msg("The mapping file is not readable TOML (%(reason)s).", reason=str(exc))
        ) from None
    errors: dict[str, str] = {}
    for name in data:
        if name not in TABLES:
            errors[name] = Msg("unknown table; use %(known)s.", known=", ".join(TABLES))
    columns = _strings(data, "columns", errors)
    for name in REQUIRED:
        if not columns.get(name):
            errors[f"columns.{name}"] = N_("required: the CSV column that holds it.")
    for name in columns:
        if name not in REQUIRED + OPTIONAL:
            errors[f"columns.{name}"] = Msg(
                "unknown field; use %(known)s.", known=", ".join(REQUIRED + OPTIONAL)
            )
    statuses = _statuses(data, errors)
    defaults = _defaults(data, errors)
    stamp = _strings(data, "timestamp", errors)
    time_format, zone = _time(stamp, errors)
    options = _options(data, errors)
    source = _strings(data, "source", errors).get("name")
    if source is not None and not 0 < len(source.strip()) <= SOURCE_MAX:
        errors["source.name"] = Msg("1 to %(max)s characters.", max=SOURCE_MAX)
    if errors:
        raise ValidationFailed(N_("The mapping file has mistakes; nothing was read."), errors)
    return Mapping(
        columns=columns,
        statuses=statuses,
        defaults=defaults,
        time_format=time_format,
        zone=zone,
        create_models=options.get("create_models", False),
        close_ready=options.get("close_ready", False),
        source=source.strip() if source else None,
    )


def _table(data: dict[str, Any], name: str, errors: dict[str, str]) -> dict[str, Any]:
    """Return one table of the file ({} if absent, an error if not a table)."""
    table = data.get(name, {})
    if not isinstance(table, dict):
        errors[name] = N_("must be a table, e.g. [columns].")
        return {}
    return table


def _strings(data: dict[str, Any], name: str, errors: dict[str, str]) -> dict[str, str]:
    """Return a table whose values must all be texts."""
    out: dict[str, str] = {}
    for key, value in _table(data, name, errors).items():
        if isinstance(value, str):
            out[key] = value
        else:
            errors[f"{name}.{key}"] = N_("must be a text in quotes.")
    return out


def _statuses(data: dict[str, Any], errors: dict[str, str]) -> dict[str, str]:
    """Return the codes' statuses; each must be one of ours or "ignore"."""
    known = [s.value for s in Status]
    out: dict[str, str] = {}
    for code, value in _strings(data, "statuses", errors).items():
        if value not in known and value != IGNORE:
            errors[f"statuses.{code}"] = Msg(
                "'%(value)s' is not a status; use %(known)s or ignore.",
                value=value,
                known=", ".join(known),
            )
        out[code.strip()] = value
    if not out and "statuses" not in errors:
        errors["statuses"] = N_("map at least one of the source's codes to a status.")
    return out


def _defaults(data: dict[str, Any], errors: dict[str, str]) -> dict[str, str]:
    """Return the defaults; the closed lists (channel, fault, outcome) are checked here."""
    defaults = _strings(data, "defaults", errors)
    lists = {
        "channel": CHANNELS,
        "fault_category": FAULT_CATEGORIES,
        "outcome": tuple(o.value for o in Outcome),
    }
    for name, value in defaults.items():
        if name not in DEFAULTS:
            errors[f"defaults.{name}"] = Msg(
                "unknown field; use %(known)s.", known=", ".join(DEFAULTS)
            )
        elif name in lists and value not in lists[name]:
            errors[f"defaults.{name}"] = Msg(
                "use one of: %(choices)s.", choices=", ".join(lists[name])
            )
    return defaults


def _time(stamp: dict[str, str], errors: dict[str, str]) -> tuple[str | None, ZoneInfo]:
    """Return the timestamps' format and the zone of those written without one."""
    for key in stamp:
        if key not in ("format", "timezone"):
            errors[f"timestamp.{key}"] = N_("unknown field; use format, timezone.")
    time_format = stamp.get("format")
    if time_format is not None:
        try:
            datetime.strptime(datetime(2024, 1, 31, 13, 5, 9).strftime(time_format), time_format)
        except ValueError:
            errors["timestamp.format"] = N_("not a strptime format, e.g. %Y-%m-%d %H:%M:%S.")
    try:
        zone = ZoneInfo(stamp.get("timezone", "UTC"))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # A bad key fails as its path does: a folder ("Europe") or a name too long is an
        # OSError, a path outside the database a ValueError, an unknown name NotFound.
        errors["timestamp.timezone"] = N_("not a time zone name, e.g. Europe/Rome.")
        zone = ZoneInfo("UTC")
    return time_format, zone


def _options(data: dict[str, Any], errors: dict[str, str]) -> dict[str, bool]:
    """Return the yes/no options."""
    out: dict[str, bool] = {}
    for key, value in _table(data, "options", errors).items():
        if key not in OPTIONS:
            errors[f"options.{key}"] = Msg(
                "unknown option; use %(known)s.", known=", ".join(OPTIONS)
            )
        elif not isinstance(value, bool):
            errors[f"options.{key}"] = N_("must be true or false.")
        else:
            out[key] = value
    return out
