"""The shop's counter: intake checklist, condition photos, signatures, receipts and hand-back."""
