package com.reachtown.dispatcher.forward;

/**
 * Thrown when a replay names an event that is not a dead letter, because it is still
 * pending or already delivered.
 */
public class OutboxEventNotDeadException extends RuntimeException {

	private final String state;

	OutboxEventNotDeadException(String eventId, String state) {
		super("cannot replay outbox event " + eventId + " because it is " + state
				+ ", and only DEAD events can be replayed");
		this.state = state;
	}

	/**
	 * Returns the event's state when the replay was rejected.
	 * @return {@code PENDING} or {@code DELIVERED}
	 */
	public String state() {
		return this.state;
	}

}
