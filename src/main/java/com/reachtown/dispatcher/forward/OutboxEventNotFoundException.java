package com.reachtown.dispatcher.forward;

/**
 * Thrown when no outbox event has the requested id.
 */
public class OutboxEventNotFoundException extends RuntimeException {

	OutboxEventNotFoundException(String eventId) {
		super("no outbox event with id " + eventId);
	}

}
