package com.reachtown.dispatcher.forward;

/**
 * Thrown when reach-town rejected an event with a 4xx status other than 408 and 429.
 * Sending the same request again would fail the same way, so it is never retried, and the
 * circuit breaker ignores it because it says nothing about reach-town's health.
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
	 * @return the status, from 400 to 499
	 */
	public int getStatus() {
		return this.status;
	}

}
