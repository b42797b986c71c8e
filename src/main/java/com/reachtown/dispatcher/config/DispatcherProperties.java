package com.reachtown.dispatcher.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the dispatcher's own endpoints.
 *
 * @param apiKeys keys accepted in {@code X-API-Key} ({@code DISPATCHER_API_KEYS})
 * @param provider name of the default provider ({@code DISPATCHER_PROVIDER})
 * @param publicUrl public base URL, for webhook signatures and callback URLs
 * ({@code DISPATCHER_PUBLIC_URL})
 * @param webhookSigningSecret secret of the generic JSON webhook signature, or
 * {@code null} to reject generic webhooks ({@code WEBHOOK_SIGNING_SECRET})
 * @param maxBodySize largest request body accepted ({@code DISPATCHER_MAX_BODY_SIZE})
 * @param sendInFlightTimeout how long a send may stay in flight before a repeat of it
 * takes its outcome as unknown, because the instance making it must have stopped. Keep it
 * longer than any provider call with its retries
 */
@Validated
@ConfigurationProperties("dispatcher")
public record DispatcherProperties(@NotEmpty List<String> apiKeys, @DefaultValue("mock") String provider,
		@NotNull URI publicUrl, String webhookSigningSecret, @DefaultValue("64KB") DataSize maxBodySize,
		@DefaultValue("5m") Duration sendInFlightTimeout) {

	/**
	 * The key accepted when {@code DISPATCHER_API_KEYS} is not set, for development only.
	 */
	public static final String DEVELOPMENT_API_KEY = "dev-api-key-12345";

	public DispatcherProperties {
		HttpUrls.requireAbsoluteHttp("DISPATCHER_PUBLIC_URL", publicUrl);
	}

	/**
	 * Returns the public base URL without a trailing slash.
	 * @return the base URL as text
	 */
	public String publicBaseUrl() {
		String url = this.publicUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
