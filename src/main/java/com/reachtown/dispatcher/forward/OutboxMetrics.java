package com.reachtown.dispatcher.forward;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.reachtown.dispatcher.store.OutboxRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * Gauges of the outbox: {@code dispatcher.outbox.pending} and
 * {@code dispatcher.outbox.dead} (events in each state) and
 * {@code dispatcher.outbox.oldest.age} (seconds since the oldest pending event was
 * stored, 0 when none is pending). The three values come from one set of queries that is
 * reused for {@link #TTL}, so frequent scrapes, or several registries, do not load the
 * database.
 */
@Component
class OutboxMetrics implements MeterBinder {

	static final Duration TTL = Duration.ofSeconds(5);

	private final OutboxRepository outbox;

	private final Clock clock;

	private Snapshot snapshot;

	OutboxMetrics(OutboxRepository outbox, Clock clock) {
		this.outbox = outbox;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("dispatcher.outbox.pending", this, (metrics) -> metrics.snapshot().pending())
			.description("Outbox events waiting to be forwarded")
			.register(registry);
		Gauge.builder("dispatcher.outbox.dead", this, (metrics) -> metrics.snapshot().dead())
			.description("Outbox events that became dead letters")
			.register(registry);
		Gauge.builder("dispatcher.outbox.oldest.age", this, (metrics) -> metrics.snapshot().oldestAgeSeconds())
			.description("Age of the oldest pending outbox event")
			.baseUnit("seconds")
			.register(registry);
	}

	private synchronized Snapshot snapshot() {
		Instant now = this.clock.instant();
		if (this.snapshot == null || this.snapshot.takenAt().plus(TTL).isBefore(now)) {
			this.snapshot = query(now);
		}
		return this.snapshot;
	}

	private Snapshot query(Instant now) {
		double oldestAge = this.outbox.oldestPendingCreatedAt()
			.map((oldest) -> Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0))
			.orElse(0.0);
		return new Snapshot(now, this.outbox.countByState("PENDING"), this.outbox.countByState("DEAD"), oldestAge);
	}

	private record Snapshot(Instant takenAt, long pending, long dead, double oldestAgeSeconds) {
	}

}
