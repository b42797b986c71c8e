package com.reachtown.dispatcher.forward;

import java.time.Duration;

/**
 * Thrown when forwarding an event failed in a way that may succeed later: a timeout, an
 * I/O error, or a 408, 429 or 5xx response. The client retries it in-process a few times
 * before it reaches the caller, which schedules the next attempt.
 */
public class RetryableForwardException extends RuntimeException {

	private final String eventId;

	private final int status;

	private final Duration retryAfter;

	/**
	 * Creates an exception for one failed attempt.
	 * @param eventId the id of the event that was forwarded
	 * @param status the HTTP status of reach-town's response, or -1 when there was no
	 * response
	 * @param retryAfter the wait reach-town requested in {@code Retry-After}, or
	 * {@code null} if it sent none
	 * @param message what failed, without the request body
	 * @param cause the I/O error, or {@code null} for an error response
	 */
	public RetryableForwardException(String eventId, int status, Duration retryAfter, String message, Throwable cause) {
		super(message, cause);
		this.eventId = eventId;
		this.status = status;
		this.retryAfter = retryAfter;
	}

	/**
	 * Returns the id of the event that failed.
	 * @return the event id
	 */
	public String getEventId() {
		return this.eventId;
	}

	/**
	 * Returns the HTTP status of reach-town's response.
	 * @return the status, or -1 when the request timed out or failed with an I/O error
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Returns the wait reach-town requested before the next attempt.
	 * @return the {@code Retry-After} wait, or {@code null} if the response had none
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
