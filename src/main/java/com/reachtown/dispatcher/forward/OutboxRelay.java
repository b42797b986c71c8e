package com.reachtown.dispatcher.forward;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.reachtown.dispatcher.config.OutboxProperties;
import com.reachtown.dispatcher.phone.PhoneNumbers;
import com.reachtown.dispatcher.logging.RequestIds;
import com.reachtown.dispatcher.store.OutboxEvent;
import com.reachtown.dispatcher.store.OutboxRepository;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox's events to reach-town. One thread claims due events in batches and
 * hands them to a bounded pool that forwards them through {@link ReachTownClient}. Each
 * event ends delivered, or rescheduled with a growing, jittered delay no earlier than
 * reach-town's {@code Retry-After}, or dead when reach-town rejects it for good or its
 * attempts run out.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

	private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

	private final OutboxRepository outbox;

	private final ReachTownClient client;

	private final OutboxProperties properties;

	private final Clock clock;

	private final ForwardMetrics metrics;

	private final StatusEnrichment statusEnrichment;

	private final String owner = instanceName();

	private final Semaphore wakeUp = new Semaphore(0);

	private volatile boolean running;

	private Thread loop;

	private ExecutorService workers;

	public OutboxRelay(OutboxRepository outbox, ReachTownClient client, OutboxProperties properties, Clock clock,
			ForwardMetrics metrics, StatusEnrichment statusEnrichment) {
		this.outbox = outbox;
		this.client = client;
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
		this.statusEnrichment = statusEnrichment;
	}

	/**
	 * Asks the relay to look for due events now rather than after its poll interval.
	 */
	public void wake() {
		if (this.wakeUp.availablePermits() == 0) {
			this.wakeUp.release();
		}
	}

	/**
	 * Claims and delivers one batch of due events.
	 * @return how many events were claimed
	 */
	int relayBatch() {
		List<OutboxEvent> events = this.outbox.claim(this.owner, this.properties.lease(), this.properties.batchSize());
		List<CompletableFuture<Boolean>> deliveries = new ArrayList<>(events.size());
		for (OutboxEvent event : events) {
			deliveries.add(CompletableFuture.supplyAsync(() -> deliverWithRequestId(event), this.workers));
		}
		List<String> delivered = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			if (isDelivered(events.get(i), deliveries.get(i))) {
				delivered.add(events.get(i).id());
			}
		}
		this.outbox.markDelivered(delivered);
		return events.size();
	}

	/**
	 * Delivers an event with its id as the request id, in the MDC for the log lines of
	 * the forward and in the {@code X-Request-Id} reach-town receives.
	 */
	/**
	 * Waits for one event's delivery. A failure that escaped the delivery's own handling
	 * leaves the event to come back when its lease runs out, without holding up the rest
	 * of the batch.
	 */
	private static boolean isDelivered(OutboxEvent event, CompletableFuture<Boolean> delivery) {
		try {
			return delivery.join();
		}
		catch (CompletionException ex) {
			LOG.error("Handling the forward of event {} failed; it is retried when its lease runs out", event.id(),
					ex.getCause());
			return false;
		}
	}

	private boolean deliverWithRequestId(OutboxEvent event) {
		try (MDC.MDCCloseable ignored = MDC.putCloseable(RequestIds.MDC_KEY, event.id())) {
			return deliver(event);
		}
	}

	private boolean deliver(OutboxEvent event) {
		try {
			this.metrics.time(event.kind(), () -> this.client.forward(event.id(),
					EventKind.valueOf(event.kind().toUpperCase(Locale.ROOT)), this.statusEnrichment.payloadOf(event)));
			LOG.info("Forwarded {} event {} for {} {} after {} attempt(s)", event.kind(), event.id(), event.provider(),
					PhoneNumbers.maskNumbersIn(event.providerMessageId()), event.attempts() + 1);
			this.metrics.count(event.kind(), ForwardMetrics.DELIVERED);
			return true;
		}
		catch (PermanentForwardException ex) {
			this.outbox.markDead(event.id(), ex.getMessage());
			this.metrics.count(event.kind(), ForwardMetrics.DEAD);
			LOG.error("Event {} is dead: reach-town rejected it for good: {}", event.id(), ex.getMessage());
		}
		catch (RetryableForwardException ex) {
			retryLater(event, ex.getMessage(), ex.getRetryAfter());
		}
		catch (CallNotPermittedException ex) {
			retryLater(event, "reach-town circuit breaker is open", null);
		}
		catch (RuntimeException ex) {
			retryLater(event, ex.toString(), null);
		}
		return false;
	}

	private void retryLater(OutboxEvent event, String error, Duration retryAfter) {
		int attempts = event.attempts() + 1;
		if (attempts >= this.properties.maxAttempts()) {
			this.outbox.markDead(event.id(), error);
			this.metrics.count(event.kind(), ForwardMetrics.DEAD);
			LOG.error("Event {} is dead after {} attempts; last error: {}", event.id(), attempts, error);
			return;
		}
		Duration delay = nextDelay(attempts, retryAfter);
		this.outbox.reschedule(event.id(), this.clock.instant().plus(delay), error);
		this.metrics.count(event.kind(), ForwardMetrics.RETRY);
		LOG.warn("Forward of event {} failed (attempt {}), next in {}: {}", event.id(), attempts, delay, error);
	}

	/**
	 * Returns the wait before the next attempt: the backoff, or reach-town's
	 * {@code Retry-After} when that is longer, capped at the maximum delay so that an
	 * absurd header cannot park an event beyond its schedule.
	 */
	private Duration nextDelay(int attempts, Duration retryAfter) {
		Duration delay = backoff(attempts);
		if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
			delay = retryAfter;
		}
		return (delay.compareTo(this.properties.maxDelay()) > 0) ? this.properties.maxDelay() : delay;
	}

	/**
	 * Returns the wait after a number of failed attempts: the initial delay multiplied by
	 * the multiplier for each further attempt, capped at the maximum, spread by the
	 * jitter.
	 * @param attempts failed attempts so far, at least 1
	 * @return the wait
	 */
	Duration backoff(int attempts) {
		double base = this.properties.initialDelay().toMillis() * Math.pow(this.properties.multiplier(), attempts - 1);
		double capped = Math.min(base, this.properties.maxDelay().toMillis());
		double jitter = this.properties.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
		return Duration.ofMillis(Math.max(1, Math.round(capped * (1 + jitter))));
	}

	private void runLoop() {
		while (this.running) {
			try {
				int claimed = relayBatch();
				if (claimed < this.properties.batchSize()) {
					this.wakeUp.tryAcquire(this.properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
					this.wakeUp.drainPermits();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				LOG.error("Outbox relay failed to claim events; retrying in {}", this.properties.pollInterval(), ex);
				sleepQuietly(this.properties.pollInterval());
			}
		}
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			LOG.info("Outbox relay is disabled on this instance");
			return;
		}
		this.workers = Executors.newFixedThreadPool(this.properties.concurrency(), (runnable) -> {
			Thread thread = new Thread(runnable, "outbox-forward");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		this.loop = new Thread(this::runLoop, "outbox-relay");
		this.loop.start();
		LOG.info("Outbox relay started as {}", this.owner);
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		wake();
		joinQuietly(this.loop);
		this.workers.shutdown();
		int released = this.outbox.releaseLeases(this.owner);
		LOG.info("Outbox relay stopped; released {} claimed event(s)", released);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops the relay before the web server and the database pool, so that no claim is
	 * left half-done.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 2048;
	}

	/**
	 * Returns the id under which this instance claims events.
	 * @return the host name and a random suffix
	 */
	public String owner() {
		return this.owner;
	}

	private static void joinQuietly(Thread thread) {
		try {
			thread.join(Duration.ofSeconds(30).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleepQuietly(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String instanceName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "dispatcher";
		}
		return host + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
