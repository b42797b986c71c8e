package com.reachtown.dispatcher.forward;

/**
 * Thrown when reach-town rejected an event with a 4xx status other than 408 and 429, or
 * responded with a redirect, which the client does not follow. Sending the same request
 * again would fail the same way, so it is never retried. The circuit breaker ignores it,
 * because a rejected event is no sign that reach-town is unhealthy.
 */
public class PermanentForwardException extends RuntimeException {

	private final String eventId;

	private final int status;

	/**
	 * Creates an exception for a rejected event.
	 * @param eventId the id of the rejected event
	 * @param status the HTTP status of reach-town's response
	 * @param message what failed, without the request body
	 */
	public PermanentForwardException(String eventId, int status, String message) {
		super(message);
		this.eventId = eventId;
		this.status = status;
	}

	/**
	 * Returns the id of the rejected event.
	 * @return the event id
	 */
	public String getEventId() {
		return this.eventId;
	}

	/**
	 * Returns the HTTP status of reach-town's response.
	 * @return the status, a 4xx other than 408 and 429, or a 1xx or 3xx
	 */
	public int getStatus() {
		return this.status;
	}

}
