package com.reachtown.dispatcher.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code messages} table. The unique idempotency key makes two instances that receive
 * the same send at once agree on which of them calls the provider.
 */
@Repository
public class MessageRepository {

	private static final String COLUMNS = "id, idempotency_key, external_id, request_hash, recipient_phone, provider,"
			+ " provider_message_id, state, response_status, response_body, error_code, error_message, created_at,"
			+ " updated_at";

	private final JdbcClient jdbc;

	private final Clock clock;

	public MessageRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Inserts a new send in the {@link SendState#IN_FLIGHT} state, unless a send with the
	 * same idempotency key exists.
	 * @param id the dispatcher's message id
	 * @param idempotencyKey the idempotency key, or {@code null}
	 * @param externalId reach-town's id, or {@code null}
	 * @param requestHash hash of the request's content
	 * @param recipientPhone the recipient in E.164
	 * @param provider the provider name
	 * @return {@code true} if the row was inserted, {@code false} if the key was taken
	 */
	public boolean insertInFlight(String id, String idempotencyKey, String externalId, String requestHash,
			String recipientPhone, String provider) {
		OffsetDateTime now = Timestamps.of(this.clock.instant());
		int inserted = this.jdbc.sql("""
				insert into messages (id, idempotency_key, external_id, request_hash, recipient_phone, provider, state,
				                      created_at, updated_at)
				values (?, ?, ?, ?, ?, ?, 'IN_FLIGHT', ?, ?)
				on conflict do nothing""")
			.params(id, idempotencyKey, externalId, requestHash, recipientPhone, provider, now, now)
			.update();
		return inserted == 1;
	}

	/**
	 * Marks a send left in flight as having an unknown outcome, unless it moved on since
	 * it was read.
	 * @param id the message id
	 * @param lastUpdatedAt the row's {@code updated_at} when it was read
	 * @param responseBody the JSON body to return for repeats of the send
	 * @return {@code true} if this caller changed the row
	 */
	public boolean markStaleInFlightUnknown(String id, Instant lastUpdatedAt, String responseBody) {
		return this.jdbc.sql("""
				update messages set state = 'UNKNOWN', response_status = 202, response_body = ?, updated_at = ?
				where id = ? and state = 'IN_FLIGHT' and updated_at = ?""")
			.params(responseBody, Timestamps.of(this.clock.instant()), id, Timestamps.of(lastUpdatedAt))
			.update() == 1;
	}

	/**
	 * Moves a send that failed in a retryable way back to {@link SendState#IN_FLIGHT}, so
	 * that exactly one repeat of it calls the provider again.
	 * @param id the message id
	 * @return {@code true} if this caller took the send over
	 */
	public boolean takeOverRetryable(String id) {
		return this.jdbc.sql("""
				update messages set state = 'IN_FLIGHT', updated_at = ?
				where id = ? and state = 'FAILED_RETRYABLE'""")
			.params(Timestamps.of(this.clock.instant()), id)
			.update() == 1;
	}

	/**
	 * Records the outcome of a send.
	 * @param id the message id
	 * @param state the new state
	 * @param providerMessageId the provider's id, or {@code null} when the provider did
	 * not accept the message
	 * @param responseStatus the HTTP status returned for the send
	 * @param responseBody the JSON body returned for the send
	 * @param errorCode the provider's error code, or {@code null}
	 * @param errorMessage the error message, or {@code null}
	 */
	public void complete(String id, SendState state, String providerMessageId, int responseStatus, String responseBody,
			String errorCode, String errorMessage) {
		this.jdbc.sql("""
				update messages
				set state = ?, provider_message_id = ?, response_status = ?, response_body = ?, error_code = ?,
				    error_message = ?, updated_at = ?
				where id = ?""")
			.params(state.name(), providerMessageId, responseStatus, responseBody, errorCode, errorMessage,
					Timestamps.of(this.clock.instant()), id)
			.update();
	}

	/**
	 * Settles a send in the {@link SendState#UNKNOWN} state once a status callback names
	 * it: attaches the provider's id and stores the response a repeat of the send
	 * replays.
	 * @param id the message id
	 * @param provider the provider the callback came from, which must be the send's
	 * @param providerMessageId the provider's id of the message
	 * @param responseBody the JSON body a repeat of the send returns
	 * @return {@code true} if the send was unknown and is now {@link SendState#SENT}
	 */
	public boolean settleUnknown(String id, String provider, String providerMessageId, String responseBody) {
		return this.jdbc.sql("""
				update messages
				set state = 'SENT', provider_message_id = ?, response_status = 200, response_body = ?, updated_at = ?
				where id = ? and provider = ? and state = 'UNKNOWN'""")
			.params(providerMessageId, responseBody, Timestamps.of(this.clock.instant()), id, provider)
			.update() == 1;
	}

	public Optional<MessageRecord> findById(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from messages where id = ?")
			.param(id)
			.query(MessageRepository::map)
			.optional();
	}

	public Optional<MessageRecord> findByIdempotencyKey(String key) {
		return this.jdbc.sql("select " + COLUMNS + " from messages where idempotency_key = ?")
			.param(key)
			.query(MessageRepository::map)
			.optional();
	}

	/**
	 * Finds the latest send with the given external id.
	 * @param externalId reach-town's id
	 * @return the send, if any
	 */
	public Optional<MessageRecord> findByExternalId(String externalId) {
		return this.jdbc.sql("select " + COLUMNS + " from messages where external_id = ? order by created_at desc")
			.param(externalId)
			.query(MessageRepository::map)
			.stream()
			.findFirst();
	}

	public Optional<MessageRecord> findByProviderMessageId(String provider, String providerMessageId) {
		return this.jdbc.sql("select " + COLUMNS + " from messages where provider = ? and provider_message_id = ?")
			.params(provider, providerMessageId)
			.query(MessageRepository::map)
			.optional();
	}

	private static MessageRecord map(ResultSet rs, int row) throws SQLException {
		return new MessageRecord(rs.getString("id"), rs.getString("idempotency_key"), rs.getString("external_id"),
				rs.getString("request_hash"), rs.getString("recipient_phone"), rs.getString("provider"),
				rs.getString("provider_message_id"), SendState.valueOf(rs.getString("state")),
				rs.getObject("response_status", Integer.class), rs.getString("response_body"),
				rs.getString("error_code"), rs.getString("error_message"), Timestamps.read(rs, "created_at"),
				Timestamps.read(rs, "updated_at"));
	}

}
