package com.reachtown.dispatcher.provider.evolution;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Evolution API provider. An empty value counts as unset. Binding fails
 * with a message naming the missing environment variable when the base URL is set but the
 * API key or the instance is not.
 *
 * @param baseUrl base URL of the Evolution API server, such as
 * {@code https://evolution.example.com} ({@code EVOLUTION_BASE_URL})
 * @param apiKey key sent in the {@code apikey} header: the global key or the instance's
 * token ({@code EVOLUTION_API_KEY})
 * @param instance name of the Evolution instance that sends the messages
 * ({@code EVOLUTION_INSTANCE})
 * @param webhookSecret value Evolution's webhook settings send in the
 * {@code X-Webhook-Secret} header; without it every Evolution webhook is rejected
 * ({@code EVOLUTION_WEBHOOK_SECRET})
 * @param connectTimeout maximum time to open a connection to the API
 * @param readTimeout maximum time to wait for the API's response
 */
@ConfigurationProperties("dispatcher.evolution")
public record EvolutionProperties(URI baseUrl, String apiKey, String instance, String webhookSecret,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("15s") Duration readTimeout) {

	public EvolutionProperties {
		if (baseUrl != null && !baseUrl.toString().isBlank()) {
			requireSettingsOfServer(baseUrl, apiKey, instance);
		}
	}

	/**
	 * Tells whether a webhook secret is configured.
	 * @return {@code true} when {@code EVOLUTION_WEBHOOK_SECRET} is set
	 */
	public boolean hasWebhookSecret() {
		return isSet(this.webhookSecret);
	}

	/**
	 * Returns the base URL without a trailing slash.
	 * @return the base URL as text
	 */
	public String baseUrlText() {
		String url = this.baseUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private static void requireSettingsOfServer(URI baseUrl, String apiKey, String instance) {
		if (!baseUrl.isAbsolute() || !baseUrl.getScheme().startsWith("http")) {
			throw new IllegalStateException("EVOLUTION_BASE_URL is invalid: expected an http or https URL");
		}
		if (!isSet(apiKey)) {
			throw new IllegalStateException("EVOLUTION_API_KEY is required when EVOLUTION_BASE_URL is set");
		}
		if (!isSet(instance)) {
			throw new IllegalStateException("EVOLUTION_INSTANCE is required when EVOLUTION_BASE_URL is set");
		}
	}

	private static boolean isSet(String value) {
		return value != null && !value.isBlank();
	}

}
