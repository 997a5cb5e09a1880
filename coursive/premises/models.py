"""Shared resources (rooms, studios, desks, kitchen, vehicles, equipment), their rules, bookings and loans."""
