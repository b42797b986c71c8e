package com.reachtown.dispatcher.provider;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of provider error codes: the built-in entries merged with
 * {@code dispatcher.provider-errors}. A send that fails and a status callback that
 * reports a failure both take their HTTP status, retryable flag and plain-words message
 * from it, so reach-town receives the same fields either way.
 */
public final class ProviderErrorCatalog {

	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

	private static final ProviderErrorCatalog BUILT_IN = new ProviderErrorCatalog(BuiltInProviderErrors.all());

	private final Map<String, Map<String, ProviderError>> entries;

	private ProviderErrorCatalog(Map<String, Map<String, ProviderError>> entries) {
		this.entries = entries;
	}

	/**
	 * Returns the table without configuration.
	 * @return the built-in table
	 */
	public static ProviderErrorCatalog builtIn() {
		return BUILT_IN;
	}

	/**
	 * Creates the table of the built-in entries with the configured overrides merged over
	 * them.
	 * @param properties the overrides
	 * @return the table
	 */
	public static ProviderErrorCatalog of(ProviderErrorProperties properties) {
		Map<String, Map<String, ProviderError>> merged = new HashMap<>();
		BuiltInProviderErrors.all().forEach((provider, codes) -> merged.put(provider, new HashMap<>(codes)));
		properties.providerErrors().forEach((provider, codes) -> codes.forEach((code, override) -> {
			Map<String, ProviderError> ofProvider = merged.computeIfAbsent(provider, (name) -> new HashMap<>());
			ProviderError builtIn = ofProvider.get(code);
			ofProvider.put(code, (builtIn != null) ? builtIn.merge(override) : ProviderError.from(override));
		}));
		return new ProviderErrorCatalog(merged);
	}

	/**
	 * Finds the entry of a provider's error code.
	 * @param provider the provider name
	 * @param code the provider's error code, or {@code null}
	 * @return the entry, if the table has one
	 */
	public Optional<ProviderError> find(String provider, String code) {
		if (code == null) {
			return Optional.empty();
		}
		return Optional.ofNullable(this.entries.getOrDefault(provider, Map.of()).get(code));
	}

	/**
	 * Rebuilds a failed send's exception from the table entry of its error code.
	 * @param ex the adapter's exception
	 * @return the exception with the entry's kind, status, retryable flag and message, or
	 * {@code ex} itself when the table has no entry for its code
	 */
	public ProviderException apply(ProviderException ex) {
		Optional<ProviderError> entry = find(ex.provider(), ex.providerErrorCode());
		if (entry.isEmpty()) {
			return ex;
		}
		ProviderError error = entry.get();
		String message = "provider " + ex.provider() + " returned error " + ex.providerErrorCode() + ": "
				+ error.message();
		return new ProviderException(ex.provider(), error.kind(), ex.providerErrorCode(), message,
				retryAfter(error, ex.retryAfter()), error.httpStatus(), error.retryable(), ex.getCause());
	}

	/**
	 * Fills in the plain-words message and the retryable flag of a failed message's
	 * status update. A code without an entry keeps the provider's message and is not
	 * retryable, because the provider gave up on the message.
	 * @param update the normalized status update
	 * @return the update with its error described, or {@code update} itself when it is
	 * not a failure
	 */
	public StatusUpdate describe(StatusUpdate update) {
		if (!update.isFailure()) {
			return update;
		}
		Optional<ProviderError> entry = find(update.provider(), update.errorCode());
		if (entry.isPresent()) {
			return update.withError(entry.get().message(), entry.get().retryable());
		}
		String message = (update.errorMessage() != null) ? update.errorMessage()
				: "provider " + update.provider() + " reported the message as " + update.status().value()
						+ ((update.errorCode() != null) ? " with error " + update.errorCode() : "");
		return update.withError(message, false);
	}

	private static Duration retryAfter(ProviderError error, Duration fromResponse) {
		if (error.httpStatus() != 429) {
			return fromResponse;
		}
		if (error.retryAfter() != null) {
			return error.retryAfter();
		}
		return (fromResponse != null) ? fromResponse : DEFAULT_RETRY_AFTER;
	}

}
