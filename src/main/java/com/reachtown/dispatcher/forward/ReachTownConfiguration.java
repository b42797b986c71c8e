package com.reachtown.dispatcher.forward;

import java.time.Duration;

import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;

import com.reachtown.dispatcher.config.ReachTownProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Resilience settings of the {@code reachTown} retry and circuit breaker that cannot be
 * written in {@code application.yml}: which failures are retried, and how
 * {@code Retry-After} stretches the backoff. Timing and thresholds stay in the yml.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReachTownProperties.class)
class ReachTownConfiguration {

	/**
	 * Name of the retry and circuit breaker instances used for reach-town.
	 */
	static final String INSTANCE = "reachTown";

	/**
	 * Maximum {@code Retry-After} that an in-process retry waits for. A longer one
	 * reaches the caller at once, and the outbox schedules the event for later instead of
	 * holding a thread.
	 * <p>
	 * NOTE: this repeats the {@code exponential-max-wait-duration} of the
	 * {@code reachTown} retry in {@code application.yml} by hand. Change both together.
	 */
	static final Duration MAX_IN_PROCESS_RETRY_AFTER = Duration.ofSeconds(5);

	@Bean
	@SuppressWarnings("unchecked") // resilience4j passes a raw RetryConfig.Builder
	RetryConfigCustomizer reachTownRetryConfigCustomizer() {
		return RetryConfigCustomizer.of(INSTANCE, (builder) -> customizeRetry(builder));
	}

	@Bean
	CircuitBreakerConfigCustomizer reachTownCircuitBreakerConfigCustomizer() {
		// A rejected event is no sign that reach-town is unhealthy.
		return CircuitBreakerConfigCustomizer.of(INSTANCE,
				(builder) -> builder.ignoreExceptions(PermanentForwardException.class));
	}

	/**
	 * Retries only {@link RetryableForwardException}s whose {@code Retry-After} is short
	 * enough, and waits at least that {@code Retry-After} before the next attempt.
	 * @param builder the builder holding the settings from {@code application.yml}
	 */
	static void customizeRetry(RetryConfig.Builder<Object> builder) {
		IntervalBiFunction<Object> backoff = builder.build().getIntervalBiFunction();

		builder.retryOnException(ReachTownConfiguration::isRetriedInProcess);
		builder.intervalBiFunction((attempt, outcome) -> waitBeforeRetry(backoff, attempt, outcome));
	}

	static boolean isRetriedInProcess(Throwable failure) {
		if (!(failure instanceof RetryableForwardException retryable)) {
			return false;
		}
		Duration retryAfter = retryable.getRetryAfter();
		return retryAfter == null || retryAfter.compareTo(MAX_IN_PROCESS_RETRY_AFTER) <= 0;
	}

	private static long waitBeforeRetry(IntervalBiFunction<Object> backoff, Integer attempt,
			Either<Throwable, Object> outcome) {
		long backoffMillis = backoff.apply(attempt, outcome);
		if (outcome.isLeft() && outcome.getLeft() instanceof RetryableForwardException retryable
				&& retryable.getRetryAfter() != null) {
			return Math.max(backoffMillis, retryable.getRetryAfter().toMillis());
		}
		return backoffMillis;
	}

}
