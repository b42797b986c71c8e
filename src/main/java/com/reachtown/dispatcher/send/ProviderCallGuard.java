package com.reachtown.dispatcher.send;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.reachtown.dispatcher.provider.MessagingProvider;
import com.reachtown.dispatcher.provider.OutboundMessage;
import com.reachtown.dispatcher.provider.ProviderErrorCatalog;
import com.reachtown.dispatcher.provider.ProviderException;
import com.reachtown.dispatcher.provider.ProviderException.Kind;
import com.reachtown.dispatcher.provider.SendResult;

import org.springframework.stereotype.Component;

/**
 * Calls a provider's {@code send} through three resilience4j guards named after the
 * provider: a semaphore bulkhead that caps concurrent calls, a circuit breaker, and a
 * retry of only the failures after which the provider cannot have sent the message (no
 * connection, or a rate limit). The bulkhead is outermost, so a retry keeps its permit,
 * and the breaker sits outside the retry, so it records one outcome per send.
 * <p>
 * Bulkheads and breakers take the shared {@code provider} configuration of
 * {@code application.yml} unless an instance of the provider's name is configured there.
 * The retry always takes the shared configuration.
 */
@Component
class ProviderCallGuard {

	/** Name of the shared resilience4j configuration of provider calls. */
	static final String CONFIG = "provider";

	/**
	 * Longest {@code Retry-After} that a retry inside the send waits for. A longer one
	 * reaches reach-town as 429 at once.
	 */
	static final Duration MAX_IN_PROCESS_RETRY_AFTER = Duration.ofSeconds(2);

	private static final Logger LOG = LoggerFactory.getLogger(ProviderCallGuard.class);

	private final BulkheadRegistry bulkheads;

	private final CircuitBreakerRegistry circuitBreakers;

	private final RetryRegistry retries;

	private final ProviderErrorCatalog errors;

	private final Map<String, Guards> guards = new ConcurrentHashMap<>();

	ProviderCallGuard(BulkheadRegistry bulkheads, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
			ProviderErrorCatalog errors) {
		this.bulkheads = bulkheads;
		this.circuitBreakers = circuitBreakers;
		this.retries = retries;
		this.errors = errors;
	}

	/**
	 * Sends a message through the provider's guards.
	 * @param provider the provider
	 * @param message the message
	 * @return the provider's result
	 * @throws ProviderException if the provider did not accept the message, mapped
	 * through the error table; {@link Kind#RATE_LIMITED} with a {@code Retry-After} when
	 * the bulkhead stayed full, {@link Kind#CIRCUIT_OPEN} when the breaker is open
	 */
	SendResult send(MessagingProvider provider, OutboundMessage message) {
		Guards guard = this.guards.computeIfAbsent(provider.name(), this::createGuards);
		Supplier<SendResult> call = () -> sendMapped(provider, message);

		try {
			return Bulkhead
				.decorateSupplier(guard.bulkhead(),
						CircuitBreaker.decorateSupplier(guard.circuitBreaker(),
								Retry.decorateSupplier(guard.retry(), call)))
				.get();
		}
		catch (BulkheadFullException ex) {
			throw dispatcherLimitReached(provider.name(), guard.bulkhead());
		}
		catch (CallNotPermittedException ex) {
			throw circuitOpen(provider.name(), guard.circuitBreaker());
		}
	}

	private SendResult sendMapped(MessagingProvider provider, OutboundMessage message) {
		try {
			return provider.send(message);
		}
		catch (ProviderException ex) {
			throw this.errors.apply(ex);
		}
	}

	private Guards createGuards(String name) {
		Bulkhead bulkhead = this.bulkheads.bulkhead(name, CONFIG);
		CircuitBreaker circuitBreaker = this.circuitBreakers.circuitBreaker(name, CONFIG);
		Retry retry = this.retries.retry(name, retryConfig());
		retry.getEventPublisher()
			.onRetry((event) -> LOG.warn("Retrying send through {} in {} ms after attempt {} failed: {}", name,
					event.getWaitInterval().toMillis(), event.getNumberOfRetryAttempts(),
					event.getLastThrowable().getMessage()));
		circuitBreaker.getEventPublisher()
			.onStateTransition((event) -> LOG.warn("Circuit breaker '{}' changed from {} to {}", name,
					event.getStateTransition().getFromState(), event.getStateTransition().getToState()));
		return new Guards(bulkhead, circuitBreaker, retry);
	}

	/**
	 * Takes the shared retry settings and retries only sends that cannot have reached the
	 * provider, waiting at least the provider's {@code Retry-After}.
	 */
	private RetryConfig retryConfig() {
		RetryConfig base = this.retries.getConfiguration(CONFIG)
			.orElseThrow(() -> new IllegalStateException("resilience4j.retry.configs." + CONFIG + " is not set"));
		IntervalBiFunction<Object> backoff = base.getIntervalBiFunction();
		return RetryConfig.from(base)
			.retryOnException(ProviderCallGuard::isRetriedInProcess)
			.intervalBiFunction((attempt, outcome) -> {
				long backoffMillis = backoff.apply(attempt, outcome);
				if (outcome.isLeft() && outcome.getLeft() instanceof ProviderException ex && ex.retryAfter() != null) {
					return Math.max(backoffMillis, ex.retryAfter().toMillis());
				}
				return backoffMillis;
			})
			.build();
	}

	static boolean isRetriedInProcess(Throwable failure) {
		if (!(failure instanceof ProviderException ex) || !ex.notSent()) {
			return false;
		}
		return ex.retryAfter() == null || ex.retryAfter().compareTo(MAX_IN_PROCESS_RETRY_AFTER) <= 0;
	}

	private static ProviderException dispatcherLimitReached(String provider, Bulkhead bulkhead) {
		int limit = bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
		Duration retryAfter = roundUpToSeconds(bulkhead.getBulkheadConfig().getMaxWaitDuration());
		return new ProviderException(provider, Kind.RATE_LIMITED, null,
				"the dispatcher's own limit of " + limit + " concurrent calls to " + provider
						+ " was reached, so the message was not sent; send again after the Retry-After delay",
				retryAfter, null);
	}

	private static ProviderException circuitOpen(String provider, CircuitBreaker circuitBreaker) {
		long waitMillis = circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
		return new ProviderException(provider, Kind.CIRCUIT_OPEN, null,
				"calls to " + provider
						+ " are paused because too many recent calls failed, so the message was not sent;"
						+ " send again after the Retry-After delay",
				roundUpToSeconds(Duration.ofMillis(waitMillis)), null);
	}

	private static Duration roundUpToSeconds(Duration duration) {
		long seconds = (duration.toMillis() + 999) / 1000;
		return Duration.ofSeconds(Math.max(1, seconds));
	}

	private record Guards(Bulkhead bulkhead, CircuitBreaker circuitBreaker, Retry retry) {
	}

}
