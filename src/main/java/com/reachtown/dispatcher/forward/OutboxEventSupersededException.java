package com.reachtown.dispatcher.forward;

/**
 * Thrown when a replay names a dead status event whose message has since recorded a
 * higher status: forwarding it would move reach-town's status backwards.
 */
public class OutboxEventSupersededException extends RuntimeException {

	OutboxEventSupersededException(String eventId) {
		super("cannot replay outbox event " + eventId
				+ " because its message has since reached a later status, which reach-town already has");
	}

}
