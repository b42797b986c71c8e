package com.reachtown.dispatcher.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox of events to forward to reach-town. Several instances share it: each claims
 * due events with {@code FOR UPDATE SKIP LOCKED} and holds them under a lease, so an
 * instance that dies gives its events back when the lease runs out.
 */
@Repository
public class OutboxRepository {

	private static final String COLUMNS = "seq, id, kind, ordering_key, provider, provider_message_id, payload, state,"
			+ " attempts, next_attempt_at, last_error, created_at, delivered_at";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	public OutboxRepository(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Stores a new pending event.
	 * @param id the event id
	 * @param kind {@code incoming} or {@code status}
	 * @param orderingKey the key whose events are delivered in order
	 * @param provider the provider name
	 * @param providerMessageId the provider's message id
	 * @param payload the JSON body to forward
	 * @param statusRank the rank of a status event's status, or {@code null} for an
	 * inbound event
	 * @param delay how long to wait before the first attempt, zero for at once
	 */
	public void enqueue(String id, String kind, String orderingKey, String provider, String providerMessageId,
			String payload, Integer statusRank, Duration delay) {
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into outbox_events (id, kind, ordering_key, provider, provider_message_id, payload, status_rank,
				                           state, attempts, next_attempt_at, created_at)
				values (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)""")
			.params(id, kind, orderingKey, provider, providerMessageId, payload, statusRank,
					Timestamps.of(now.plus(delay)), Timestamps.of(now))
			.update();
	}

	/**
	 * Claims the events due earliest for this instance. Only the oldest pending event of
	 * each ordering key is due, so events of one contact or message are never delivered
	 * out of order, even by two instances.
	 * @param owner this instance's id
	 * @param lease how long the events stay with this instance
	 * @param limit the most events to claim
	 * @return the claimed events, oldest first
	 */
	public List<OutboxEvent> claim(String owner, Duration lease, int limit) {
		return this.transactions.execute((status) -> {
			Instant now = this.clock.instant();
			// Pick candidates without locks, because a locking read makes H2 lock every
			// due row before the limit. Ordering by the whole (state, next_attempt_at)
			// index, leading column included, lets H2 stop at the limit. The locking read
			// checks state and lease again, for another instance may have claimed one.
			List<Long> candidates = this.jdbc.sql("""
					select o.seq from outbox_events o
					where o.state = 'PENDING' and o.next_attempt_at <= ?
					  and (o.lease_until is null or o.lease_until < ?)
					  and not exists (select 1 from outbox_events p
					                  where p.ordering_key = o.ordering_key and p.state = 'PENDING' and p.seq < o.seq)
					order by o.state, o.next_attempt_at, o.seq
					limit ?""").params(Timestamps.of(now), Timestamps.of(now), limit).query(Long.class).list();
			if (candidates.isEmpty()) {
				return List.of();
			}
			List<Long> seqs = this.jdbc.sql("""
					select seq from outbox_events
					where seq in (:candidates) and state = 'PENDING' and (lease_until is null or lease_until < :now)
					order by seq
					for update skip locked""")
				.param("candidates", candidates)
				.param("now", Timestamps.of(now))
				.query(Long.class)
				.list();
			if (seqs.isEmpty()) {
				return List.of();
			}
			this.jdbc.sql("update outbox_events set lease_owner = :owner, lease_until = :until where seq in (:seqs)")
				.param("owner", owner)
				.param("until", Timestamps.of(now.plus(lease)))
				.param("seqs", seqs)
				.update();
			return this.jdbc.sql("select " + COLUMNS + " from outbox_events where seq in (:seqs) order by seq")
				.param("seqs", seqs)
				.query(OutboxRepository::map)
				.list();
		});
	}

	/**
	 * Marks events as delivered. Their {@code lease_owner} is kept, to tell which
	 * instance delivered them.
	 * @param ids the event ids
	 */
	public void markDelivered(List<String> ids) {
		if (ids.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				update outbox_events
				set state = 'DELIVERED', attempts = attempts + 1, delivered_at = :now, lease_until = null,
				    last_error = null
				where id in (:ids)""").param("now", Timestamps.of(this.clock.instant())).param("ids", ids).update();
	}

	/**
	 * Records a failed attempt and schedules the next one.
	 * @param id the event id
	 * @param nextAttemptAt when the event is due again
	 * @param error the attempt's error
	 */
	public void reschedule(String id, Instant nextAttemptAt, String error) {
		this.jdbc.sql("""
				update outbox_events
				set attempts = attempts + 1, next_attempt_at = ?, last_error = ?, lease_owner = null,
				    lease_until = null
				where id = ? and state = 'PENDING'""").params(Timestamps.of(nextAttemptAt), error, id).update();
	}

	/**
	 * Records a failed attempt and moves the event to the dead letters.
	 * @param id the event id
	 * @param error the attempt's error
	 */
	public void markDead(String id, String error) {
		this.jdbc.sql("""
				update outbox_events
				set state = 'DEAD', attempts = attempts + 1, last_error = ?, lease_owner = null, lease_until = null
				where id = ? and state = 'PENDING'""").params(error, id).update();
	}

	/**
	 * Gives back the events this instance holds, so that another instance can take them
	 * at once.
	 * @param owner this instance's id
	 * @return how many events were given back
	 */
	public int releaseLeases(String owner) {
		return this.jdbc.sql("""
				update outbox_events set lease_owner = null, lease_until = null
				where lease_owner = ? and state = 'PENDING'""").param(owner).update();
	}

	/**
	 * Moves dead events back to pending, due at once, with their attempts reset. A status
	 * event whose message has since recorded a higher status stays dead, because
	 * forwarding it now would move reach-town's status backwards.
	 * @param id the event id, or {@code null} for all dead events
	 * @param since only events stored at or after this time, or {@code null} for any
	 * @return how many events were moved
	 */
	public int replayDead(String id, Instant since) {
		StringBuilder sql = new StringBuilder("""
				update outbox_events o set state = 'PENDING', attempts = 0, next_attempt_at = :now
				where o.state = 'DEAD'
				  and (o.kind <> 'status' or o.status_rank is null
				       or o.status_rank >= coalesce((select s.status_rank from message_statuses s
				                                     where s.provider = o.provider
				                                       and s.provider_message_id = o.provider_message_id), 0))""");
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("now", Timestamps.of(this.clock.instant()));
		if (id != null) {
			sql.append(" and o.id = :id");
			parameters.put("id", id);
		}
		if (since != null) {
			sql.append(" and o.created_at >= :since");
			parameters.put("since", Timestamps.of(since));
		}
		return this.jdbc.sql(sql.toString()).params(parameters).update();
	}

	public Optional<OutboxEvent> findById(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from outbox_events where id = ?")
			.param(id)
			.query(OutboxRepository::map)
			.optional();
	}

	/**
	 * Lists events in a state, oldest first.
	 * @param state {@code PENDING}, {@code DELIVERED} or {@code DEAD}
	 * @param afterSeq return only events after this sequence number, for paging
	 * @param limit the most events to return
	 * @return the events
	 */
	public List<OutboxEvent> findByState(String state, long afterSeq, int limit) {
		return this.jdbc
			.sql("select " + COLUMNS + " from outbox_events where state = ? and seq > ? order by seq limit ?")
			.params(state, afterSeq, limit)
			.query(OutboxRepository::map)
			.list();
	}

	/**
	 * Counts the events in a state.
	 * @param state {@code PENDING}, {@code DELIVERED} or {@code DEAD}
	 * @return the count
	 */
	public long countByState(String state) {
		return this.jdbc.sql("select count(*) from outbox_events where state = ?")
			.param(state)
			.query(Long.class)
			.single();
	}

	/**
	 * Returns when the oldest pending event was stored.
	 * @return the time, or empty when nothing is pending
	 */
	public Optional<Instant> oldestPendingCreatedAt() {
		return this.jdbc.sql("select min(created_at) as oldest from outbox_events where state = 'PENDING'")
			.query((rs, row) -> Timestamps.read(rs, "oldest"))
			.optional();
	}

	private static OutboxEvent map(ResultSet rs, int row) throws SQLException {
		return new OutboxEvent(rs.getLong("seq"), rs.getString("id"), rs.getString("kind"),
				rs.getString("ordering_key"), rs.getString("provider"), rs.getString("provider_message_id"),
				rs.getString("payload"), rs.getString("state"), rs.getInt("attempts"),
				Timestamps.read(rs, "next_attempt_at"), rs.getString("last_error"), Timestamps.read(rs, "created_at"),
				Timestamps.read(rs, "delivered_at"));
	}

}
