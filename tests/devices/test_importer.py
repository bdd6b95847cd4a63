"""Sales import from CSV: every row checked whole, bad rows reported by line, good rows kept."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel, Shop
from aftersales.catalog.service import add_tacs
from aftersales.devices.importer import REQUIRED, ImportReport, import_sales, read_rows
from aftersales.devices.models import Phone
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.imei import make_imei
from tests.factories import make_brand, make_model, make_phone, make_shop, n

TODAY = date(2026, 3, 10)


def run(session: Session, text: str, today: date | None = TODAY) -> ImportReport:
    _header, rows = read_rows(io.StringIO(text))
    return import_sales(session, SYSTEM, rows, today=today)


def bad_check_digit(imei: str) -> str:
    return imei[:-1] + str((int(imei[-1]) + 1) % 10)


def phones_with(session: Session, imeis: list[str]) -> dict[str, Phone]:
    found = session.scalars(select(Phone).where(Phone.imei.in_(imeis)))
    return {p.imei: p for p in found}


@pytest.fixture()
def catalogue(session: Session) -> tuple[PhoneModel, PhoneModel, Shop]:
    brand = make_brand(session, name=f"Brand {n()}")
    return make_model(session, brand), make_model(session, brand), make_shop(session)


def test_good_rows_are_imported_and_bad_rows_reported_by_line(
    session: Session, catalogue: tuple[PhoneModel, PhoneModel, Shop]
) -> None:
    model, other, shop = catalogue
    tac = model.tacs[0].tac
    good = [make_imei(tac, n()) for _ in range(3)]
    registered = make_phone(session, model).imei
    dup = make_imei(tac, n())
    lines = [
        "imei,model,purchase_date,shop,country",
        f"{good[0]},{model.name},2025-11-30,{shop.name},IT",  # line 2
        f"{bad_check_digit(make_imei(tac, n()))},{model.name},2025-11-30,{shop.name},IT",  # 3
        f"{make_imei(tac, n())},Phantom 9,2025-11-30,{shop.name},IT",  # 4: unknown model
        f"{make_imei(tac, n())},{model.name},30/11/2025,{shop.name},IT",  # 5: bad date
        f"{make_imei(tac, n())},{model.name},2025-11-30,Nowhere Shop,IT",  # 6: unknown shop
        f"{dup},{model.name},2025-11-30,{shop.name},IT",  # 7
        f"{dup},{model.name},2025-12-01,{shop.name},IT",  # 8: duplicate in the file
        f"{registered},{model.name},2025-11-30,{shop.name},IT",  # 9: already registered
        f"{make_imei(tac, n())},{other.name},2025-11-30,{shop.name},IT",  # 10: TAC of model
        f"{make_imei(tac, n())},{model.name},2026-04-01,{shop.name},IT",  # 11: in the future
        f"{make_imei(tac, n())},{model.name},2025-11-30,{shop.name},XX",  # 12: no such country
        # Brand and model, shop by id, separators in the IMEI, lower-case country.
        f"{good[1][:8]} {good[1][8:]},{model.brand.name} {model.name},2025-01-31,{shop.id},vn",
        f"{good[2]},{model.name.upper()},2024-02-29,{shop.name.lower()},IT",  # 14
    ]
    report = run(session, "\n".join(lines) + "\n")
    assert report.imported == 4  # lines 2, 7, 13 and 14
    by_line = dict(report.errors)
    assert sorted(by_line) == [3, 4, 5, 6, 8, 9, 10, 11, 12]
    assert [line for line, _ in report.errors] == sorted(by_line)
    assert "check digit" in by_line[3]
    assert "Phantom 9" in by_line[4] and "catalogue" in by_line[4]
    assert "30/11/2025" in by_line[5] and "2025-03-31" in by_line[5]
    assert "Nowhere Shop" in by_line[6]
    assert dup in by_line[8] and "twice" in by_line[8]
    assert registered in by_line[9] and "already registered" in by_line[9]
    assert "another model" in by_line[10]
    assert "future" in by_line[11]
    assert by_line[12].startswith("country")

    stored = phones_with(session, [*good, dup])
    assert set(stored) == {*good, dup}
    assert stored[good[0]].purchase_date == date(2025, 11, 30)
    assert stored[good[0]].shop_id == shop.id
    assert stored[good[0]].model_id == model.id
    assert stored[good[1]].country == "VN"
    assert stored[good[2]].purchase_date == date(2024, 2, 29)
    assert stored[dup].purchase_date == date(2025, 11, 30)  # the first occurrence wins


def test_optional_columns_and_header_spelling(
    session: Session, catalogue: tuple[PhoneModel, PhoneModel, Shop]
) -> None:
    model, _, shop = catalogue
    imei = make_imei(model.tacs[0].tac, n())
    text = (
        " IMEI ,Model,Purchase_Date,SHOP,Country,serial,software_version\n"
        f"{imei},{model.name},2025-05-05,{shop.name},IT,SN-123,14.0.2\n"
    )
    report = run(session, text)
    assert (report.imported, report.errors) == (1, [])
    phone = phones_with(session, [imei])[imei]
    assert (phone.serial, phone.software_version) == ("SN-123", "14.0.2")


@pytest.mark.parametrize("missing", REQUIRED)
def test_a_missing_column_is_named_and_nothing_is_read(missing: str) -> None:
    header = ",".join(c for c in REQUIRED if c != missing)
    with pytest.raises(ValidationFailed) as info:
        read_rows(io.StringIO(header + "\n1,2,3,4\n"))
    assert missing in info.value.detail
    assert "file" in info.value.errors


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ValidationFailed) as info:
        read_rows(io.StringIO(""))
    assert "imei" in info.value.detail


def test_line_numbers_count_the_header_and_blank_lines(
    session: Session, catalogue: tuple[PhoneModel, PhoneModel, Shop]
) -> None:
    model, _, shop = catalogue
    bad = bad_check_digit(make_imei(model.tacs[0].tac, n()))
    text = (
        f"imei,model,purchase_date,shop,country\n\n\n{bad},{model.name},2025-01-01,{shop.id},IT\n"
    )
    report = run(session, text)
    assert report.imported == 0
    assert [line for line, _ in report.errors] == [4]


def test_a_model_name_shared_by_two_brands_is_not_guessed(session: Session) -> None:
    shop = make_shop(session)
    name = f"Note {n()}"
    first = make_model(session, make_brand(session, name=f"Alpha {n()}"), name=name)
    second = make_model(session, make_brand(session, name=f"Beta {n()}"), name=name)
    plain = make_imei(f"{(90000000 + n()):08d}", 1)
    qualified = make_imei(f"{(90000000 + n()):08d}", 2)
    text = (
        "imei,model,purchase_date,shop,country\n"
        f"{plain},{name},2025-01-01,{shop.id},IT\n"
        f"{qualified},{second.brand.name} {name},2025-01-01,{shop.id},IT\n"
    )
    report = run(session, text)
    assert report.imported == 1
    assert [line for line, _ in report.errors] == [2]
    assert name in report.errors[0][1] and "several brands" in report.errors[0][1]
    assert first.id != second.id
    assert phones_with(session, [qualified])[qualified].model_id == second.id


def test_progress_is_reported_per_row(
    session: Session, catalogue: tuple[PhoneModel, PhoneModel, Shop]
) -> None:
    model, _, shop = catalogue
    tac = model.tacs[0].tac
    text = "imei,model,purchase_date,shop,country\n" + "".join(
        f"{make_imei(tac, n())},{model.name},2025-01-01,{shop.id},IT\n" for _ in range(25)
    )
    _header, rows = read_rows(io.StringIO(text))
    ticks: list[int] = []
    before = session.scalar(select(func.count()).select_from(Phone))
    report = import_sales(session, SYSTEM, rows, ticks.append, today=TODAY)
    assert report.imported == len(ticks) == 25
    assert session.scalar(select(func.count()).select_from(Phone)) == (before or 0) + 25


def test_a_shop_name_shared_by_two_shops_needs_the_id(
    session: Session, catalogue: tuple[PhoneModel, PhoneModel, Shop]
) -> None:
    model, _, _ = catalogue
    name = f"TechStore {n()}"
    naples = make_shop(session, name=name, city="Napoli")
    milan = make_shop(session, name=name, city="Milano")
    by_name, by_id = (make_imei(model.tacs[0].tac, n()) for _ in range(2))
    text = (
        "imei,model,purchase_date,shop,country\n"
        f"{by_name},{model.name},2025-01-01,{name},IT\n"
        f"{by_id},{model.name},2025-01-01,{naples.id},IT\n"
    )
    report = run(session, text)
    assert report.imported == 1
    assert [line for line, _ in report.errors] == [2]
    assert "use the shop's id" in report.errors[0][1]
    assert phones_with(session, [by_id])[by_id].shop_id == naples.id != milan.id


def test_a_nul_character_refuses_the_row_not_the_file(
    session: Session, catalogue: tuple[PhoneModel, PhoneModel, Shop]
) -> None:
    model, _, shop = catalogue
    good, bad = (make_imei(model.tacs[0].tac, n()) for _ in range(2))
    text = (
        "imei,model,purchase_date,shop,country,serial\n"
        f"{good},{model.name},2025-01-01,{shop.id},IT,SN-1\n"
        f"{bad},{model.name},2025-01-01,{shop.id},IT,SN\x002\n"
    )
    report = run(session, text)  # PostgreSQL text cannot hold NUL: it must not reach it
    assert report.imported == 1
    assert [line for line, _ in report.errors] == [3]
    assert "NUL" in report.errors[0][1]
    assert set(phones_with(session, [good, bad])) == {good}


def test_text_too_long_for_the_table_refuses_the_row(
    session: Session, catalogue: tuple[PhoneModel, PhoneModel, Shop]
) -> None:
    model, _, shop = catalogue
    imei = make_imei(model.tacs[0].tac, n())
    text = (
        "imei,model,purchase_date,shop,country,software_version\n"
        f"{imei},{model.name},2025-01-01,{shop.id},IT,{'1.' * 30}\n"
    )
    report = run(session, text)
    assert report.imported == 0
    assert report.errors == [(2, "software_version is longer than 40 characters.")]


def test_a_field_too_long_for_the_csv_reader_refuses_the_file_naming_the_line(
    session: Session, catalogue: tuple[PhoneModel, PhoneModel, Shop]
) -> None:
    model, _, shop = catalogue
    good = make_imei(model.tacs[0].tac, n())
    text = (
        "imei,model,purchase_date,shop,country,serial\n"
        f"{good},{model.name},2025-01-01,{shop.id},IT,SN-1\n"
        f"{make_imei(model.tacs[0].tac, n())},{model.name},2025-01-01,{shop.id},IT,"
        f"{'x' * 131_073}\n"
    )
    with pytest.raises(ValidationFailed) as info:
        read_rows(io.StringIO(text))
    assert info.value.detail.startswith("line 3: a field is longer than 131,072 characters")
    assert "Nothing was imported" in info.value.detail and "file" in info.value.errors
    assert phones_with(session, [good]) == {}


def test_a_quote_left_open_is_reported_with_its_line() -> None:
    text = 'imei,model,purchase_date,shop,country\n"1,Mi 8,2025-01-01,1,IT\n' + "2" * 140_000
    with pytest.raises(ValidationFailed) as info:
        read_rows(io.StringIO(text))
    assert "quotation mark" in info.value.detail and info.value.detail.startswith("line ")


@pytest.mark.parametrize(
    "header",
    [
        "imei,model,purchase_date,shop,country,model",
        "IMEI,model,purchase_date,shop,country, imei ",
        "imei,model,purchase_date,shop,country,serial,Serial",
    ],
)
def test_a_column_named_twice_refuses_the_file(header: str) -> None:
    twice = next(h.strip().lower() for h in header.split(",")[5:])
    with pytest.raises(ValidationFailed) as info:
        read_rows(io.StringIO(header + "\n1,2,3,4,5,6,7\n"))
    assert f"names {twice} more than once" in info.value.detail
    assert info.value.errors == {"file": f"Duplicated columns: {twice}"}


def test_long_cell_text_is_shortened_in_messages(
    session: Session, catalogue: tuple[PhoneModel, PhoneModel, Shop]
) -> None:
    model, _, shop = catalogue
    text = (
        "imei,model,purchase_date,shop,country\n"
        f"{make_imei(model.tacs[0].tac, n())},{'M' * 100_000},2025-01-01,{shop.id},IT\n"
    )
    report = run(session, text)
    [(line, reason)] = report.errors
    assert line == 2 and len(reason) < 120 and "…" in reason


def test_a_tac_waiting_for_confirmation_does_not_decide_the_model(
    session: Session, catalogue: tuple[PhoneModel, PhoneModel, Shop]
) -> None:
    model, other, shop = catalogue
    claimed = f"{(91000000 + n()):08d}"
    add_tacs(session, other, [claimed], pending=True)
    imei = make_imei(claimed, 1)
    report = run(
        session,
        f"imei,model,purchase_date,shop,country\n{imei},{model.name},2025-01-01,{shop.id},IT\n",
    )
    assert (report.imported, report.errors) == (1, [])
