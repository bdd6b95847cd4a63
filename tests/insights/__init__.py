"""Tests of the insights area: pages, API, CSV, the weekly digest."""
