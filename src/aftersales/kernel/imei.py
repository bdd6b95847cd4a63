"""IMEI validation: 15 digits, the last a Luhn check digit."""

from __future__ import annotations

from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_, Msg

# The reporting body of test IMEIs: never a real phone's. Imported repairs without an IMEI get a
# stand-in phone in it (devices.stand_in, decision 246), so no model may claim a TAC in it.
STAND_IN_PREFIX = "00"


def luhn_check_digit(body: str) -> int:
    """Return the Luhn check digit for a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # every second digit from the right of the body is doubled
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def is_luhn_valid(number: str) -> bool:
    """Tell whether a digit string ends in its correct Luhn check digit."""
    if not _ascii_digits(number) or len(number) < 2:
        return False
    return luhn_check_digit(number[:-1]) == int(number[-1])


def imei_issue(raw: str) -> tuple[str, dict[str, int]] | None:
    """Return why `raw` is not a valid IMEI as a message with %(name)s values, or None."""
    imei = normalize_imei(raw)
    if imei and not _ascii_digits(imei):
        return N_("An IMEI has only digits (found other characters)."), {}
    if len(imei) != 15:
        return N_("An IMEI has exactly 15 digits (found %(n)s)."), {"n": len(imei)}
    if not is_luhn_valid(imei):
        return (
            N_(
                "This IMEI's last digit does not match its check digit: "
                "please check the number for a typing error (*#06# on the phone shows it)."
            ),
            {},
        )
    return None


def imei_problem(raw: str) -> Msg | None:
    """Return why `raw` is not a valid IMEI, or None when it is."""
    issue = imei_issue(raw)
    return None if issue is None else Msg(issue[0], **issue[1])


def _ascii_digits(text: str) -> bool:
    """Tell whether `text` is made of the digits 0-9 only (not other Unicode digits)."""
    return text.isascii() and text.isdigit()


def normalize_imei(raw: str) -> str:
    """Strip spaces, dashes and slashes people type inside IMEIs."""
    return "".join(ch for ch in raw.strip() if ch not in " -/.")


def validate_imei(raw: str, field: str = "imei") -> str:
    """Return the normalised IMEI or raise ValidationFailed saying what is wrong."""
    problem = imei_problem(raw)
    if problem:
        raise ValidationFailed(problem, {field: problem})
    return normalize_imei(raw)


def make_imei(tac: str, serial: int) -> str:
    """Build a valid IMEI from an 8-digit TAC and a serial number (demo and tests)."""
    body = f"{tac}{serial % 1_000_000:06d}"
    return body + str(luhn_check_digit(body))
