package com.reachtown.dispatcher.store;

import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The inbound messages already accepted, keyed by provider and provider message id.
 */
@Repository
public class InboundRepository {

	private final JdbcClient jdbc;

	private final Clock clock;

	public InboundRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records an inbound message as seen.
	 * @param provider the provider name
	 * @param providerMessageId the provider's id
	 * @return {@code true} the first time, {@code false} for a duplicate delivery
	 */
	public boolean markSeen(String provider, String providerMessageId) {
		return this.jdbc.sql("""
				insert into inbound_messages (provider, provider_message_id, received_at) values (?, ?, ?)
				on conflict do nothing""")
			.params(provider, providerMessageId, Timestamps.of(this.clock.instant()))
			.update() == 1;
	}

}
