"""Spreadsheet columns of the service records (服务记录)."""
