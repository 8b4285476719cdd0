"""Tracking: progress updates and evidence, statuses, reminders, inspections, notifications."""
