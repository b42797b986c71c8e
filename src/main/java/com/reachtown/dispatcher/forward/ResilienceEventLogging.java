package com.reachtown.dispatcher.forward;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the retries and circuit breaker state changes of forwards to reach-town. The lines
 * name the event and the failure, never the request body or a key.
 */
final class ResilienceEventLogging {

	private static final Logger LOG = LoggerFactory.getLogger(ResilienceEventLogging.class);

	private ResilienceEventLogging() {
	}

	static void subscribe(Retry retry, CircuitBreaker circuitBreaker) {
		retry.getEventPublisher()
			.onRetry((event) -> LOG.warn("Retrying event {} in {} ms after attempt {} failed: {}",
					eventIdOf(event.getLastThrowable()), event.getWaitInterval().toMillis(),
					event.getNumberOfRetryAttempts(), event.getLastThrowable().getMessage()));
		circuitBreaker.getEventPublisher()
			.onStateTransition(
					(event) -> LOG.warn("Circuit breaker '{}' changed from {} to {}", event.getCircuitBreakerName(),
							event.getStateTransition().getFromState(), event.getStateTransition().getToState()));
	}

	private static String eventIdOf(Throwable failure) {
		// Only RetryableForwardException is retried, so any other type is unexpected.
		return (failure instanceof RetryableForwardException retryable) ? retryable.getEventId() : "unknown";
	}

}
