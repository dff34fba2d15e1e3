"""Webhook receivers: alerts from Alertmanager, Grafana, PagerDuty and Opsgenie appended to open incidents."""
