"""Route: import repair histories (platform admins), the same check and report as the command."""

from __future__ import annotations

import io

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse

from aftersales.history import importer
from aftersales.history.access import require_may_import
from aftersales.history.lines import read_rows
from aftersales.history.mapping import load_mapping
from aftersales.history.schemas import HistoryReportRead, LineError
from aftersales.http.deps import AnswerLanguage, DbSession, Now, Signed
from aftersales.http.problems import problem
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.language import translate

router = APIRouter(tags=["imports"])
# The largest CSV and mapping taken over HTTP; larger histories go through the command.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MAPPING_BYTES = 256 * 1024


def _read(upload: UploadFile | None, limit: int, field: str) -> bytes | None:
    """Return an upload's bytes, None when larger than `limit`; refuse a missing one."""
    if upload is None:
        raise ValidationFailed(N_("Send the CSV file and its mapping."), {field: N_("Required.")})
    raw = upload.file.read(limit + 1)
    return None if len(raw) > limit else raw


@router.post(
    "/imports/history",
    response_model=HistoryReportRead,
    responses={413: {"description": "The file or the mapping is too large."},
               422: {"description": "The mapping or some lines are wrong: nothing written."}},
)  # fmt: skip
def import_history(
    user: Signed,
    lang: AnswerLanguage,
    session: DbSession,
    now: Now,
    file: UploadFile | None = File(None, description="CSV: one dated status per line"),
    mapping: UploadFile | None = File(None, description="TOML mapping file"),
    source: str = Form("", description="The source's name (default: the mapping's)"),
    dry_run: bool = Form(False, description="Check every line and report; write nothing"),
) -> JSONResponse:
    """Import repairs and their dated statuses from another system: all, or none if one is wrong.

    The answer is the report (200); with wrong lines it is the same report, with each line's
    problems, and status 422. A repair imported before (same source and id) is skipped.
    """
    require_may_import(user)
    raw_mapping = _read(mapping, MAX_MAPPING_BYTES, "mapping")
    raw_file = _read(file, MAX_FILE_BYTES, "file")
    if raw_mapping is None or raw_file is None:
        limit = MAX_MAPPING_BYTES if raw_mapping is None else MAX_FILE_BYTES
        said = Msg(
            "The %(part)s is larger than %(mb)s MB: import it with the command "
            "`aftersales import history`, or split it.",
            part=Msg(N_("mapping")) if raw_mapping is None else Msg(N_("CSV file")),
            mb=f"{limit / 1024 / 1024:g}",
        )
        return problem(413, N_("Too large"), said, lang=lang)
    rules = load_mapping(raw_mapping)
    name = importer.source_of(rules, source or None)
    try:
        text = raw_file.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(
            N_("The CSV file is not UTF-8 text; save it as UTF-8 and send it again."),
            {"file": N_("Not UTF-8 text.")},
        ) from None
    rows = read_rows(io.StringIO(text, newline=""), rules)  # quoted line breaks kept
    report = importer.import_history(session, user, rows, rules, name, now, dry_run=dry_run)
    body = HistoryReportRead(
        **{k: v for k, v in vars(report).items() if k != "errors"},
        written=report.written,
        errors=[LineError(line=line, message=translate(lang, m)) for line, m in report.errors],
    )
    return JSONResponse(body.model_dump(), status_code=422 if report.errors else 200)
