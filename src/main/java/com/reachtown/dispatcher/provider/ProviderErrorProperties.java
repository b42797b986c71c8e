package com.reachtown.dispatcher.provider;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Changes to the built-in provider error table, by provider name and error code, such as
 * {@code dispatcher.provider-errors.twilio.63016.retryable=false}. A code without a
 * built-in entry gets one from its settings alone.
 *
 * @param providerErrors the overrides by provider name, then by the provider's error code
 */
@ConfigurationProperties("dispatcher")
public record ProviderErrorProperties(Map<String, Map<String, ErrorOverride>> providerErrors) {

	public ProviderErrorProperties {
		providerErrors = (providerErrors != null) ? providerErrors : Map.of();
		providerErrors.forEach((provider, codes) -> codes.forEach((code, override) -> override.check(provider, code)));
	}

	/**
	 * The configured values of one error code. Each value left unset keeps the built-in
	 * one.
	 *
	 * @param status HTTP status of a send that fails with the code: 4xx or 5xx
	 * @param retryable whether sending the message again may succeed
	 * @param message the error in plain words, sent to reach-town
	 * @param retryAfter wait before sending again, for a status of 429
	 */
	public record ErrorOverride(Integer status, Boolean retryable, String message, Duration retryAfter) {

		void check(String provider, String code) {
			if (this.status != null && (this.status < 400 || this.status > 599)) {
				throw new IllegalStateException("dispatcher.provider-errors." + provider + "." + code
						+ ".status is invalid: expected an HTTP status from 400 to 599, got " + this.status);
			}
		}

	}

}
