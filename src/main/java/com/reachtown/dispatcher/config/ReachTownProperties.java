package com.reachtown.dispatcher.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how events are forwarded to reach-town.
 *
 * @param baseUrl reach-town's base URL ({@code REACH_TOWN_BASE_URL})
 * @param apiKey key sent in {@code X-API-Key} ({@code REACH_TOWN_API_KEY})
 * @param signingSecret Standard Webhooks secret ({@code whsec_…}), or {@code null} to
 * send unsigned requests ({@code REACH_TOWN_SIGNING_SECRET})
 * @param connectTimeout time allowed to open a connection
 * @param readTimeout time allowed for reach-town's response
 */
@Validated
@ConfigurationProperties("dispatcher.reach-town")
public record ReachTownProperties(@NotNull URI baseUrl, String apiKey, String signingSecret,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout) {

	public ReachTownProperties {
		HttpUrls.requireAbsoluteHttp("REACH_TOWN_BASE_URL", baseUrl);
	}

}
