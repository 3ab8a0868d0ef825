package io.pptp2wg.admin.api;

/** The body of {@code PUT /api/users/{name}/sunset}: {@code {"date": "YYYY-MM-DD"}}, or null to clear. */
public record SunsetRequest(String date) {}
