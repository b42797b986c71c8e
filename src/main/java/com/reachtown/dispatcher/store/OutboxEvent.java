package com.reachtown.dispatcher.store;

import java.time.Instant;

/**
 * A row of {@code outbox_events}: one event to forward to reach-town.
 *
 * @param seq the insertion order, which is also the delivery order per ordering key
 * @param id the event id, sent as {@code Idempotency-Key} and {@code webhook-id}
 * @param kind {@code incoming} or {@code status}
 * @param orderingKey events with the same key are delivered one at a time, in insertion
 * order
 * @param provider the provider name
 * @param providerMessageId the provider's id of the message the event is about
 * @param payload the JSON body to forward
 * @param state {@code PENDING}, {@code DELIVERED} or {@code DEAD}
 * @param attempts forwarding attempts made so far
 * @param nextAttemptAt when the event is due
 * @param lastError the last attempt's error, or {@code null}
 * @param createdAt when the event was stored
 * @param deliveredAt when reach-town accepted it, or {@code null}
 */
public record OutboxEvent(long seq, String id, String kind, String orderingKey, String provider,
		String providerMessageId, String payload, String state, int attempts, Instant nextAttemptAt, String lastError,
		Instant createdAt, Instant deliveredAt) {

	public static final String PENDING = "PENDING";

	public static final String DELIVERED = "DELIVERED";

	public static final String DEAD = "DEAD";

}
