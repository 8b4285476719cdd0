"""Reporting: periods (Nghị định 09/2019), requests and submissions, compiled reports."""
