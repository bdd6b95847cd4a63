"""The command line on a fresh SQLite file: schema, accounts and the sales import."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from aftersales.accounts.models import Account
from aftersales.accounts.service import authenticate
from aftersales.cli.main import app
from aftersales.config import get_settings
from aftersales.db import make_engine
from aftersales.devices.models import Phone
from aftersales.kernel.imei import make_imei
from tests.factories import make_brand, make_centre, make_model, make_shop, n


@dataclass
class Cli:
    """A CLI runner bound to one database file."""

    url: str
    engine: Engine
    runner: CliRunner

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(
            app,
            list(args),
            input=input,
            env={"AFTERSALES_DATABASE_URL": self.url, "COLUMNS": "250"},
        )


def flat(text: str) -> str:
    """Join wrapped console lines so messages can be matched whole."""
    return " ".join(text.split())


@pytest.fixture()
def cli(tmp_path: Path) -> Iterator[Cli]:
    get_settings.cache_clear()
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    c = Cli(url, engine, CliRunner())
    result = c("db", "upgrade")
    assert result.exit_code == 0, result.output
    yield c
    engine.dispose()
    get_settings.cache_clear()


def phones(cli: Cli) -> dict[str, Phone]:
    with Session(cli.engine) as s:
        return {p.imei: p for p in s.scalars(select(Phone))}


def seed(cli: Cli) -> tuple[str, str, str, int]:
    """Add a brand, model and shop; return the model's name and TAC, the shop's name and id."""
    with Session(cli.engine) as s:
        brand = make_brand(s)
        model = make_model(s, brand, name="Mi 8")
        make_centre(s, [brand])
        shop = make_shop(s, name="Telefonia Portici")
        s.commit()
        return model.name, model.tacs[0].tac, shop.name, shop.id


def test_db_upgrade_creates_the_schema(cli: Cli) -> None:
    tables = set(inspect(cli.engine).get_table_names())
    assert {"repair_order", "repair_event", "phone", "account", "alembic_version"} <= tables
    again = cli("db", "upgrade")  # idempotent
    assert again.exit_code == 0, again.output
    assert "head" in again.stdout


def test_users_create(cli: Cli) -> None:
    result = cli(
        "users",
        "create",
        "--email",
        "Admin@Example.test",
        "--name",
        "Ada Admin",
        "--role",
        "platform_admin",
        "--password",
        "correct horse battery",
    )
    assert result.exit_code == 0, result.output
    assert "platform_admin account admin@example.test" in flat(result.stdout)
    with Session(cli.engine) as s:
        account = s.scalar(select(Account).where(Account.email == "admin@example.test"))
        assert account is not None
        assert (account.name, account.role) == ("Ada Admin", "platform_admin")
        assert authenticate(s, "admin@example.test", "correct horse battery") is not None


def test_users_create_prompts_for_the_password_twice(cli: Cli) -> None:
    result = cli(
        "users",
        "create",
        "--email",
        "owner@example.test",
        "--name",
        "Olga Owner",
        "--role",
        "owner",
        input="s3cret-pass\ns3cret-pass\n",
    )
    assert result.exit_code == 0, result.output
    assert "s3cret-pass" not in result.output  # hidden input is not echoed
    with Session(cli.engine) as s:
        assert authenticate(s, "owner@example.test", "s3cret-pass") is not None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--role", "wizard", "--password", "long enough"], "role"),
        (["--role", "owner", "--password", "short"], "password"),
        (["--role", "owner", "--password", "password123"], "too common"),
        (["--role", "owner", "--password", " " * 8], "spaces alone"),
        (["--role", "owner", "--password", "x@example.test"], "e-mail address or your name"),
        (["--role", "technician", "--password", "long enough"], "centre_id"),
    ],
)
def test_users_create_refuses_bad_input_clearly(cli: Cli, extra: list[str], message: str) -> None:
    result = cli("users", "create", "--email", "x@example.test", "--name", "X", *extra)
    assert result.exit_code == 1
    assert message in flat(result.stderr)
    with Session(cli.engine) as s:
        assert s.scalar(select(func.count()).select_from(Account)) == 0


def test_import_phones_reports_bad_rows_and_imports_good_ones(cli: Cli, tmp_path: Path) -> None:
    model, tac, shop, shop_id = seed(cli)
    good = [make_imei(tac, n()) for _ in range(3)]
    registered = make_imei(tac, n())
    first = tmp_path / "first.csv"
    first.write_text(
        f"imei,model,purchase_date,shop,country\n{registered},{model},2025-01-02,{shop},IT\n"
    )
    ok = cli("import", "phones", str(first))
    assert ok.exit_code == 0, ok.output
    assert "Imported 1 phones; refused 0 rows." in flat(ok.stdout)

    bad_digit = good[0][:-1] + str((int(good[0][-1]) + 1) % 10)
    rows = [
        "imei,model,purchase_date,shop,country",
        f"{good[0]},{model},2025-11-30,{shop},IT",  # 2
        f"{bad_digit},{model},2025-11-30,{shop},IT",  # 3
        f"{make_imei(tac, n())},Galaxy Nope,2025-11-30,{shop},IT",  # 4
        f"{make_imei(tac, n())},{model},2025-13-01,{shop},IT",  # 5
        f"{make_imei(tac, n())},{model},2025-11-30,Unknown Shop,IT",  # 6
        f"{good[1]},{model},2025-11-30,{shop_id},IT",  # 7
        f"{good[1]},{model},2025-11-30,{shop_id},IT",  # 8
        f"{registered},{model},2025-11-30,{shop},IT",  # 9
        f"{good[2]},{model},2025-11-30,{shop},VN",  # 10
    ]
    sales = tmp_path / "sales.csv"
    sales.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = cli("import", "phones", str(sales))
    assert result.exit_code == 1  # some rows were refused
    err = flat(result.stderr)
    assert "line 3: imei" in err and "check digit" in err
    assert "line 4: model 'Galaxy Nope' is not in the catalogue." in err
    assert "line 5: purchase_date '2025-13-01' is not a date" in err
    assert "line 6: shop 'Unknown Shop' is unknown" in err
    assert f"line 8: IMEI {good[1]} appears twice in this file." in err
    assert f"line 9: IMEI {registered} is already registered." in err
    assert "line 2:" not in err and "line 7:" not in err and "line 10:" not in err
    assert "Imported 3 phones; refused 6 rows." in flat(result.stdout)
    stored = phones(cli)
    assert set(stored) == {registered, *good}
    assert stored[good[2]].country == "VN"
    assert stored[registered].purchase_date.isoformat() == "2025-01-02"  # not overwritten


def test_import_phones_with_a_missing_column_imports_nothing(cli: Cli, tmp_path: Path) -> None:
    model, tac, _shop, _ = seed(cli)
    sales = tmp_path / "sales.csv"
    sales.write_text(
        f"imei,model,purchase_date,country\n{make_imei(tac, n())},{model},2025-01-01,IT\n"
    )
    result = cli("import", "phones", str(sales))
    assert result.exit_code == 1
    assert "The CSV header lacks: shop" in flat(result.stderr)
    assert phones(cli) == {}


def test_import_phones_accepts_a_byte_order_mark(cli: Cli, tmp_path: Path) -> None:
    model, tac, shop, _ = seed(cli)
    imei = make_imei(tac, n())
    sales = tmp_path / "excel.csv"
    sales.write_text(
        f"imei,model,purchase_date,shop,country\r\n{imei},{model},2025-01-01,{shop},IT\r\n",
        encoding="utf-8-sig",
    )
    result = cli("import", "phones", str(sales))
    assert result.exit_code == 0, result.output
    assert set(phones(cli)) == {imei}


def test_import_phones_refuses_a_file_that_is_not_utf8(cli: Cli, tmp_path: Path) -> None:
    sales = tmp_path / "latin1.csv"
    sales.write_bytes(
        "imei,model,purchase_date,shop,country\n1,Città,2025-01-01,x,IT\n".encode("latin-1")
    )
    result = cli("import", "phones", str(sales))
    assert result.exit_code == 1
    assert "not UTF-8" in flat(result.stderr)


def test_import_phones_needs_an_existing_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", "phones", str(tmp_path / "missing.csv"))
    assert result.exit_code == 2
    assert "does not exist" in flat(result.stderr)


def test_import_report_prints_cell_text_verbatim(cli: Cli, tmp_path: Path) -> None:
    _model, tac, shop, _ = seed(cli)
    sales = tmp_path / "sales.csv"
    row = f"{make_imei(tac, n())},[/x] [b]9,2025-01-01,{shop},IT"
    sales.write_text(f"imei,model,purchase_date,shop,country\n{row}\n")
    result = cli("import", "phones", str(sales))
    assert result.exit_code == 1
    assert "line 2: model '[/x] [b]9' is not in the catalogue." in flat(result.stderr)


def test_demo_refuses_to_run_in_production(tmp_path: Path) -> None:
    get_settings.cache_clear()
    production = {
        "AFTERSALES_ENV": "production",
        "AFTERSALES_DATABASE_URL": f"sqlite:///{tmp_path / 'prod.db'}",
        "AFTERSALES_SECRET_KEY": "p" * 64,
        "AFTERSALES_MAIL_TRANSPORT": "smtp",
        "AFTERSALES_SMTP_HOST": "mail.example.test",
        "AFTERSALES_SMS_PROVIDER": "none",
    }
    try:
        result = CliRunner().invoke(app, ["demo"], env=production)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "refuses to run in production" in flat(result.stderr)
    assert not (tmp_path / "prod.db").exists()  # not even a schema was made


def test_import_phones_with_a_field_too_long_imports_nothing_and_says_where(
    cli: Cli, tmp_path: Path
) -> None:
    model, tac, shop, _ = seed(cli)
    sales = tmp_path / "sales.csv"
    sales.write_text(
        "imei,model,purchase_date,shop,country,serial\n"
        f"{make_imei(tac, n())},{model},2025-01-01,{shop},IT,SN-1\n"
        f'{make_imei(tac, n())},{model},2025-01-01,{shop},IT,"{"x" * 200_000}\n'
    )
    result = cli("import", "phones", str(sales))
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    message = flat(result.stderr)
    assert "line 3: a field is longer than 131,072 characters" in message
    assert "Nothing was imported" in message
    assert phones(cli) == {}


def test_import_phones_with_a_column_named_twice_imports_nothing(cli: Cli, tmp_path: Path) -> None:
    model, tac, shop, _ = seed(cli)
    sales = tmp_path / "sales.csv"
    sales.write_text(
        "imei,model,purchase_date,shop,country,purchase_date\n"
        f"{make_imei(tac, n())},{model},2025-01-01,{shop},IT,2024-01-01\n"
    )
    result = cli("import", "phones", str(sales))
    assert result.exit_code == 1
    assert "names purchase_date more than once" in flat(result.stderr)
    assert phones(cli) == {}
