package com.reachtown.dispatcher.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.reachtown.dispatcher.provider.MessageStatus;
import com.reachtown.dispatcher.provider.StatusUpdate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The latest status of each provider message ({@code message_statuses}) and every status
 * callback received ({@code status_history}).
 */
@Repository
public class StatusRepository {

	private final JdbcClient jdbc;

	private final Clock clock;

	public StatusRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records a status as the message's latest when its rank is above the one recorded,
	 * and appends it to the history either way. Safe against concurrent callbacks for the
	 * same message: the row lock of the conditional update lets one of them win.
	 * @param update the status update
	 * @return {@code true} if the status is new and higher, so it must be forwarded
	 */
	public boolean recordIfHigher(StatusUpdate update) {
		MessageStatus status = update.status();
		Instant now = this.clock.instant();
		boolean advanced = insertFirst(update, now) || raise(update, now);
		this.jdbc.sql("""
				insert into status_history (provider, provider_message_id, status, provider_status, error_code,
				                            error_message, forwarded, occurred_at, recorded_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(update.provider(), update.providerMessageId(), status.value(), update.providerStatus(),
					update.errorCode(), update.errorMessage(), advanced, Timestamps.of(update.updatedAt()),
					Timestamps.of(now))
			.update();
		return advanced;
	}

	/**
	 * Returns the latest recorded status of a provider message.
	 * @param provider the provider name
	 * @param providerMessageId the provider's id
	 * @return the status, if any callback was recorded
	 */
	public Optional<MessageStatus> findLatest(String provider, String providerMessageId) {
		return this.jdbc.sql("select status from message_statuses where provider = ? and provider_message_id = ?")
			.params(provider, providerMessageId)
			.query((rs, row) -> MessageStatus.fromValue(rs.getString("status")))
			.optional();
	}

	/**
	 * Returns the status callbacks of a provider message, oldest first.
	 * @param provider the provider name
	 * @param providerMessageId the provider's id
	 * @return the history
	 */
	public List<StatusHistoryEntry> history(String provider, String providerMessageId) {
		return this.jdbc.sql("""
				select status, provider_status, error_code, error_message, forwarded, occurred_at, recorded_at
				from status_history where provider = ? and provider_message_id = ? order by id""")
			.params(provider, providerMessageId)
			.query((rs, row) -> new StatusHistoryEntry(rs.getString("status"), rs.getString("provider_status"),
					rs.getString("error_code"), rs.getString("error_message"), rs.getBoolean("forwarded"),
					Timestamps.read(rs, "occurred_at"), Timestamps.read(rs, "recorded_at")))
			.list();
	}

	private boolean insertFirst(StatusUpdate update, Instant now) {
		return this.jdbc.sql("""
				insert into message_statuses (provider, provider_message_id, status, status_rank, updated_at)
				values (?, ?, ?, ?, ?)
				on conflict do nothing""")
			.params(update.provider(), update.providerMessageId(), update.status().value(), update.status().rank(),
					Timestamps.of(now))
			.update() == 1;
	}

	private boolean raise(StatusUpdate update, Instant now) {
		return this.jdbc.sql("""
				update message_statuses set status = ?, status_rank = ?, updated_at = ?
				where provider = ? and provider_message_id = ? and status_rank < ?""")
			.params(update.status().value(), update.status().rank(), Timestamps.of(now), update.provider(),
					update.providerMessageId(), update.status().rank())
			.update() == 1;
	}

	/**
	 * One status callback as recorded.
	 *
	 * @param status the status in reach-town's vocabulary
	 * @param providerStatus the status as the provider named it
	 * @param errorCode the provider's error code, or {@code null}
	 * @param errorMessage the provider's error message, or {@code null}
	 * @param forwarded whether it was forwarded to reach-town
	 * @param occurredAt when the provider says it happened
	 * @param recordedAt when the dispatcher received it
	 */
	public record StatusHistoryEntry(String status, String providerStatus, String errorCode, String errorMessage,
			boolean forwarded, Instant occurredAt, Instant recordedAt) {
	}

}
