package com.reachtown.dispatcher.store;

import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit log of webhooks received: the raw payload and what became of it.
 */
@Repository
public class WebhookAuditRepository {

	private final JdbcClient jdbc;

	private final Clock clock;

	public WebhookAuditRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Appends one webhook to the log.
	 * @param provider the provider name, or {@code null} when it was not recognized
	 * @param path the request path
	 * @param contentType the request's content type
	 * @param payload the raw body
	 * @param outcome what became of it: {@code accepted}, {@code duplicate},
	 * {@code ignored}, {@code invalid}
	 * @param detail why, for anything but {@code accepted}
	 */
	public void append(String provider, String path, String contentType, String payload, String outcome,
			String detail) {
		this.jdbc.sql("""
				insert into webhook_audit (provider, path, content_type, payload, outcome, detail, received_at)
				values (?, ?, ?, ?, ?, ?, ?)""")
			.params(provider, path, contentType, payload, outcome, detail, Timestamps.of(this.clock.instant()))
			.update();
	}

}
