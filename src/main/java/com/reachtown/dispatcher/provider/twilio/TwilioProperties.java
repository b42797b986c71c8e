package com.reachtown.dispatcher.provider.twilio;

import java.net.URI;
import java.time.Duration;

import com.reachtown.dispatcher.config.HttpUrls;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Twilio provider. An empty value counts as unset. Binding fails with a
 * message naming the missing environment variable when the account SID is set but the
 * auth token or a sender is not.
 *
 * @param accountSid account SID, {@code AC…} ({@code TWILIO_ACCOUNT_SID})
 * @param authToken auth token, which also signs Twilio's webhooks
 * ({@code TWILIO_AUTH_TOKEN})
 * @param whatsappFrom sender number in E.164, with or without the {@code whatsapp:}
 * prefix ({@code TWILIO_WHATSAPP_FROM})
 * @param messagingServiceSid messaging service that picks the sender, {@code MG…}, used
 * when no sender number is set ({@code TWILIO_MESSAGING_SERVICE_SID})
 * @param apiBaseUrl base URL of the Twilio REST API, for tests and proxies
 * ({@code TWILIO_API_BASE_URL})
 * @param connectTimeout maximum time to open a connection to the API
 * @param readTimeout maximum time to wait for the API's response
 * @param maxConnections size of the connection pool to the API, which caps concurrent
 * sends; keep it at or above the Twilio bulkhead's {@code max-concurrent-calls}
 */
@ConfigurationProperties("dispatcher.twilio")
public record TwilioProperties(String accountSid, String authToken, String whatsappFrom, String messagingServiceSid,
		@DefaultValue("https://api.twilio.com") URI apiBaseUrl, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("15s") Duration readTimeout, @DefaultValue("200") int maxConnections) {

	public TwilioProperties {
		HttpUrls.requireAbsoluteHttp("TWILIO_API_BASE_URL", apiBaseUrl);
		if (isSet(accountSid)) {
			requireSettingsOfAccount(accountSid, authToken, whatsappFrom, messagingServiceSid);
		}
	}

	/**
	 * Tells whether a sender number is configured, as opposed to a messaging service.
	 * @return {@code true} when {@code TWILIO_WHATSAPP_FROM} is set
	 */
	public boolean hasWhatsappFrom() {
		return isSet(this.whatsappFrom);
	}

	/**
	 * Returns the API base URL without a trailing slash.
	 * @return the base URL as text
	 */
	public String apiBaseUrlText() {
		String url = this.apiBaseUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private static void requireSettingsOfAccount(String accountSid, String authToken, String whatsappFrom,
			String messagingServiceSid) {
		if (!accountSid.startsWith("AC")) {
			throw new IllegalStateException("TWILIO_ACCOUNT_SID is invalid: an account SID starts with AC");
		}
		if (!isSet(authToken)) {
			throw new IllegalStateException("TWILIO_AUTH_TOKEN is required when TWILIO_ACCOUNT_SID is set");
		}
		if (!isSet(whatsappFrom) && !isSet(messagingServiceSid)) {
			throw new IllegalStateException(
					"TWILIO_WHATSAPP_FROM or TWILIO_MESSAGING_SERVICE_SID is required when TWILIO_ACCOUNT_SID is set");
		}
	}

	private static boolean isSet(String value) {
		return value != null && !value.isBlank();
	}

}
