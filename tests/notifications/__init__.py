"""Tests of the notifications area."""
