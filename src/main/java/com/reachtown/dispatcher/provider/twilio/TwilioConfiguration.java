package com.reachtown.dispatcher.provider.twilio;

import java.time.Clock;

import com.reachtown.dispatcher.config.DispatcherProperties;
import com.reachtown.dispatcher.provider.MessagingProvider;
import com.reachtown.dispatcher.provider.ProviderErrorCatalog;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the Twilio provider when {@code TWILIO_ACCOUNT_SID} is set. Its settings are
 * bound and checked only then, so a deployment without Twilio needs none of them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${dispatcher.twilio.account-sid:}'.isBlank()")
@EnableConfigurationProperties({ TwilioProperties.class, DispatcherProperties.class })
public class TwilioConfiguration {

	@Bean
	MessagingProvider twilioProvider(TwilioProperties twilio, DispatcherProperties dispatcher,
			ObjectProvider<ProviderErrorCatalog> errors) {
		return new TwilioProvider(twilio, dispatcher.publicBaseUrl(), Clock.systemUTC(),
				errors.getIfAvailable(ProviderErrorCatalog::builtIn));
	}

}
