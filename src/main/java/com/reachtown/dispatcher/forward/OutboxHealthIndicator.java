package com.reachtown.dispatcher.forward;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.reachtown.dispatcher.store.OutboxEvent;
import com.reachtown.dispatcher.store.OutboxRepository;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The {@code outbox} health component: how many events are pending and dead, and the age
 * in seconds of the oldest pending one ({@code 0} when none is pending).
 * <p>
 * It reports UP whatever the backlog. A backlog means reach-town is slow or down, and
 * taking this instance out of a load balancer would only stop it from accepting the
 * webhooks that feed the outbox. Alert on the details instead. When the outbox cannot be
 * read it reports UNKNOWN, which does not pull the overall status down, because the
 * {@code db} component reports the database failure itself. The component is not part of
 * the readiness group.
 */
@Component
class OutboxHealthIndicator implements HealthIndicator {

	private final OutboxRepository outbox;

	private final Clock clock;

	OutboxHealthIndicator(OutboxRepository outbox, Clock clock) {
		this.outbox = outbox;
		this.clock = clock;
	}

	@Override
	public Health health() {
		try {
			long pending = this.outbox.countByState(OutboxEvent.PENDING);
			long dead = this.outbox.countByState(OutboxEvent.DEAD);
			long oldestPendingAge = this.outbox.oldestPendingCreatedAt().map(this::ageInSeconds).orElse(0L);

			return Health.up()
				.withDetail("pending", pending)
				.withDetail("dead", dead)
				.withDetail("oldest_pending_age_seconds", oldestPendingAge)
				.build();
		}
		catch (DataAccessException ex) {
			return Health.unknown().withException(ex).build();
		}
	}

	private long ageInSeconds(Instant createdAt) {
		return Math.max(0, Duration.between(createdAt, this.clock.instant()).toSeconds());
	}

}
