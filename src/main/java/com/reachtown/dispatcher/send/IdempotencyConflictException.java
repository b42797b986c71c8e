package com.reachtown.dispatcher.send;

/**
 * Thrown when a send reuses an idempotency key: with a different payload (422), or while
 * the first send with that key is still in flight (409).
 */
public class IdempotencyConflictException extends RuntimeException {

	private final boolean inFlight;

	private IdempotencyConflictException(String message, boolean inFlight) {
		super(message);
		this.inFlight = inFlight;
	}

	static IdempotencyConflictException differentPayload(String key) {
		return new IdempotencyConflictException(
				key + " was already used for a send with a different payload; use a new external_id or Idempotency-Key",
				false);
	}

	static IdempotencyConflictException inFlight(String key) {
		return new IdempotencyConflictException("a send with " + key + " is still in flight; retry after it completes",
				true);
	}

	/**
	 * Tells whether the conflict is with a send still in flight.
	 * @return {@code true} for 409, {@code false} for 422
	 */
	public boolean inFlight() {
		return this.inFlight;
	}

}
