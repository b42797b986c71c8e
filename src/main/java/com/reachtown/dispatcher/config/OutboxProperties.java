package com.reachtown.dispatcher.config;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the outbox relay claims and retries events. With the defaults, an event is tried 22
 * times over about 24 hours (5 s doubling up to 2 h between attempts) before it becomes a
 * dead letter.
 *
 * @param enabled whether this instance runs the relay
 * @param pollInterval pause between two claims when the outbox has nothing due
 * @param batchSize most events claimed at once
 * @param concurrency most events forwarded at the same time
 * @param lease how long a claimed event stays with this instance before another may take
 * it
 * @param initialDelay wait before the second attempt
 * @param multiplier growth of the wait after each failed attempt
 * @param maxDelay longest wait between two attempts
 * @param maxAttempts attempts before an event becomes a dead letter
 * @param jitter random part of each wait, as a fraction of it
 * @param unmatchedStatusDelay how long a status for a provider id with no stored send
 * waits before its first attempt, so that a send still in flight can record its provider
 * id first
 */
@Validated
@ConfigurationProperties("dispatcher.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue("200ms") Duration pollInterval,
		@DefaultValue("100") @Min(1) int batchSize, @DefaultValue("16") @Min(1) int concurrency,
		@DefaultValue("60s") Duration lease, @DefaultValue("5s") Duration initialDelay,
		@DefaultValue("2.0") @DecimalMin("1.0") double multiplier, @DefaultValue("2h") Duration maxDelay,
		@DefaultValue("22") @Min(1) int maxAttempts, @DefaultValue("0.2") double jitter,
		@DefaultValue("3s") Duration unmatchedStatusDelay) {
}
