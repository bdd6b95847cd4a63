"""The Idempotency-Key header on API POSTs that create something: a retry gets the first answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from aftersales.http.deps import account_id_of
from aftersales.idempotency.service import run_once
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict
from aftersales.kernel.i18n import Msg

M = TypeVar("M", bound=BaseModel)
HEADER = "Idempotency-Key"


class Idempotency:
    """The request's key, if any, and the response to mark a replay on."""

    def __init__(
        self,
        request: Request,
        response: Response,
        key: Annotated[
            str | None,
            Header(
                alias=HEADER,
                description="Any unique string (e.g. a UUID): a retry with the same key "
                "gets the first answer and creates nothing more.",
            ),
        ] = None,
    ) -> None:
        self.key = key
        self.operation = f"{request.method} {request.url.path}"
        self.response = response

    def once(
        self,
        session: Session,
        user: Acting,
        body: BaseModel | None,
        now: datetime,
        work: Callable[[], M],
        model: type[M],
        *,
        status_code: int = 201,
        secret_field: str | None = None,
    ) -> M:
        """Run `work` unless this key already did; then return the stored answer instead.

        An answer holding a secret (`secret_field`) is not stored: a retry is told what was
        created and that its secret was shown once.
        """
        if self.key is None:
            return work()
        made: list[M] = []

        def answer() -> dict[str, object]:
            made.append(work())
            data = made[0].model_dump(mode="json")
            return {"id": data.get("id")} if secret_field else data

        stored, replayed = run_once(
            session,
            account_id=account_id_of(user),
            key=self.key,
            operation=self.operation,
            body=body.model_dump(mode="json") if body is not None else None,
            now=now,
            work=answer,
            status_code=status_code,
        )
        if not replayed:
            return made[0]
        if secret_field:
            raise Conflict(
                Msg(
                    "This Idempotency-Key already created item %(id)s; its %(field)s was shown "
                    "only once. Revoke it and create a new one if lost.",
                    id=stored.get("id"),
                    field=secret_field,
                )
            )
        self.response.headers["Idempotent-Replayed"] = "true"
        return model.model_validate(stored)


Idem = Annotated[Idempotency, Depends(Idempotency)]
