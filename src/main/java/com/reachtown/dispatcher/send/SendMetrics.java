package com.reachtown.dispatcher.send;

import java.util.Locale;

import com.reachtown.dispatcher.provider.MessagingProvider;
import com.reachtown.dispatcher.provider.ProviderException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;

import org.springframework.stereotype.Component;

/**
 * Counts and times every call to a provider's {@link MessagingProvider#send}, as an
 * aspect, so that each adapter is measured the same way without code of its own.
 * <p>
 * Meters: {@code dispatcher.sends} (tags {@code provider}, {@code outcome}) and
 * {@code dispatcher.send.latency} (tag {@code provider}). The outcome is {@code sent},
 * the {@link ProviderException.Kind} in lower case ({@code rejected},
 * {@code rate_limited}, {@code misconfigured}, {@code unavailable}), or {@code error} for
 * any other exception. A replayed idempotent send does not call the provider and is not
 * counted.
 */
@Aspect
@Component
class SendMetrics {

	static final String SENDS = "dispatcher.sends";

	static final String LATENCY = "dispatcher.send.latency";

	private final MeterRegistry registry;

	SendMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Around("execution(* com.reachtown.dispatcher.provider.MessagingProvider+.send(..))")
	Object measure(ProceedingJoinPoint call) throws Throwable {
		String provider = ((MessagingProvider) call.getTarget()).name();
		Timer.Sample sample = Timer.start(this.registry);
		String outcome = "error";
		try {
			Object result = call.proceed();
			outcome = "sent";
			return result;
		}
		catch (ProviderException ex) {
			outcome = ex.kind().name().toLowerCase(Locale.ROOT);
			throw ex;
		}
		finally {
			sample.stop(Timer.builder(LATENCY)
				.description("Time a provider took to accept or fail a send")
				.tag("provider", provider)
				.register(this.registry));
			Counter.builder(SENDS)
				.description("Sends handed to a provider, by outcome")
				.tags("provider", provider, "outcome", outcome)
				.register(this.registry)
				.increment();
		}
	}

}
