package io.pptp2wg.admin.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Clear 4xx answers: {@code {"code": N, "message": "..."}}, whatever the endpoint produces. */
final class ApiErrors {
    private ApiErrors() {}

    static WebApplicationException of(Response.Status status, String message) {
        return new WebApplicationException(message, Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status.getStatusCode(), message))
                .build());
    }

    static WebApplicationException badRequest(String message) {
        return of(Response.Status.BAD_REQUEST, message);
    }

    static WebApplicationException notFound(String message) {
        return of(Response.Status.NOT_FOUND, message);
    }

    static WebApplicationException conflict(String message) {
        return of(Response.Status.CONFLICT, message);
    }

    /** A YYYY-MM-DD date, or a 400 that says which parameter and what is expected. */
    static LocalDate date(String what, String text) {
        if (text == null || text.isBlank()) {
            throw badRequest(what + ": a date is needed (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw badRequest(what + ": '" + shown(text) + "' is not a date (YYYY-MM-DD)");
        }
    }

    /** Echo of caller input, bounded and printable. */
    static String shown(String text) {
        String s = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
