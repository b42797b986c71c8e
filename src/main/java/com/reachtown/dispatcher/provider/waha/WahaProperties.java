package com.reachtown.dispatcher.provider.waha;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the WAHA provider. An empty value counts as unset. Binding fails with a
 * message naming the missing environment variable when the base URL is set but the API
 * key is not.
 *
 * @param baseUrl base URL of the WAHA server, such as {@code http://waha:3000}
 * ({@code WAHA_BASE_URL})
 * @param apiKey key sent in the {@code X-Api-Key} header ({@code WAHA_API_KEY})
 * @param session name of the WAHA session that sends the messages ({@code WAHA_SESSION})
 * @param webhookHmacKey key of the webhook's {@code X-Webhook-Hmac} signature; when
 * unset, webhooks are accepted unsigned ({@code WAHA_WEBHOOK_HMAC_KEY})
 * @param connectTimeout maximum time to open a connection to the API
 * @param readTimeout maximum time to wait for the API's response
 */
@ConfigurationProperties("dispatcher.waha")
public record WahaProperties(URI baseUrl, String apiKey, @DefaultValue("default") String session, String webhookHmacKey,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("15s") Duration readTimeout) {

	public WahaProperties {
		session = isSet(session) ? session.strip() : "default";
		if (baseUrl != null && !baseUrl.toString().isBlank()) {
			requireSettingsOfServer(baseUrl, apiKey);
		}
	}

	/**
	 * Tells whether webhooks must carry an HMAC signature.
	 * @return {@code true} when {@code WAHA_WEBHOOK_HMAC_KEY} is set
	 */
	public boolean hasWebhookHmacKey() {
		return isSet(this.webhookHmacKey);
	}

	/**
	 * Returns the base URL without a trailing slash.
	 * @return the base URL as text
	 */
	public String baseUrlText() {
		String url = this.baseUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private static void requireSettingsOfServer(URI baseUrl, String apiKey) {
		if (!baseUrl.isAbsolute() || !baseUrl.getScheme().startsWith("http")) {
			throw new IllegalStateException("WAHA_BASE_URL is invalid: expected an http or https URL");
		}
		if (!isSet(apiKey)) {
			throw new IllegalStateException("WAHA_API_KEY is required when WAHA_BASE_URL is set");
		}
	}

	private static boolean isSet(String value) {
		return value != null && !value.isBlank();
	}

}
