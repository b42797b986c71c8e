package com.reachtown.dispatcher.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Checks across settings that no single properties record can make: that the default
 * provider is configured, and that production does not run on the development API key.
 */
final class StartupChecks {

	private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

	/**
	 * The providers the dispatcher has adapters for, each with the variable whose value
	 * registers it ({@code null} for the Mock provider, which is always registered).
	 * <p>
	 * NOTE: a new provider adapter must be added here as well as to its own package, or
	 * selecting it fails as an unknown provider.
	 */
	private static final Map<String, String> PROVIDER_SWITCHES = switches();

	private StartupChecks() {
	}

	/**
	 * Checks that {@code DISPATCHER_PROVIDER} names a provider that is registered.
	 * @param provider the configured default provider
	 * @param registered the names of the registered providers
	 * @throws InvalidConfigurationException if the name is unknown, or names a provider
	 * whose settings are not set
	 */
	static void requireRegisteredProvider(String provider, Collection<String> registered) {
		if (registered.contains(provider)) {
			return;
		}
		if (!PROVIDER_SWITCHES.containsKey(provider)) {
			throw new InvalidConfigurationException("DISPATCHER_PROVIDER", "DISPATCHER_PROVIDER=" + provider
					+ " is not a known provider: use one of " + String.join(", ", PROVIDER_SWITCHES.keySet()));
		}
		String variable = PROVIDER_SWITCHES.get(provider);
		throw new InvalidConfigurationException(variable, "DISPATCHER_PROVIDER=" + provider + " needs " + variable
				+ ": set it and the provider's other settings, or choose a configured provider: " + registered);
	}

	/**
	 * Checks the API keys: in the {@code prod} profile they must be set and must not
	 * include the development key; elsewhere the development key only draws a warning.
	 * @param apiKeys the configured keys
	 * @param environment the environment, for its active profiles
	 * @throws InvalidConfigurationException if the {@code prod} profile runs with the
	 * development key or with no key
	 */
	static void requireProductionApiKeys(List<String> apiKeys, Environment environment) {
		boolean developmentKey = apiKeys.contains(DispatcherProperties.DEVELOPMENT_API_KEY);
		boolean blankKey = apiKeys.isEmpty() || apiKeys.stream().anyMatch(String::isBlank);
		if (environment.acceptsProfiles(Profiles.of("prod")) && (developmentKey || blankKey)) {
			throw new InvalidConfigurationException("DISPATCHER_API_KEYS",
					"DISPATCHER_API_KEYS must be set in the prod profile, to one or more comma-separated keys"
							+ " other than the development key " + DispatcherProperties.DEVELOPMENT_API_KEY);
		}
		if (developmentKey) {
			LOG.warn("DISPATCHER_API_KEYS is not set: accepting the development key; set it before production");
		}
	}

	private static Map<String, String> switches() {
		Map<String, String> switches = new LinkedHashMap<>();
		switches.put("mock", null);
		switches.put("twilio", "TWILIO_ACCOUNT_SID");
		switches.put("evolution", "EVOLUTION_BASE_URL");
		switches.put("waha", "WAHA_BASE_URL");
		return switches;
	}

}
