package com.reachtown.dispatcher.send;

import java.util.function.Predicate;

import com.reachtown.dispatcher.provider.ProviderException;
import com.reachtown.dispatcher.provider.ProviderException.Kind;

/**
 * Decides which failed sends a provider's circuit breaker records: the provider failed,
 * could not be reached or did not respond. A rejection, a rate limit or a configuration
 * error is no sign that the provider is down. Named in {@code application.yml} as the
 * {@code record-failure-predicate} of the shared {@code provider} configuration.
 */
public class ProviderFaultPredicate implements Predicate<Throwable> {

	@Override
	public boolean test(Throwable failure) {
		if (!(failure instanceof ProviderException ex)) {
			return true;
		}
		return ex.kind() == Kind.UNAVAILABLE || ex.kind() == Kind.UNREACHABLE || ex.kind() == Kind.OUTCOME_UNKNOWN;
	}

}
