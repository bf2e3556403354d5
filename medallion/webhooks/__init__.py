"""Outbound webhooks: subscriptions, signed delivery of change batches (DOMAIN §7)."""
