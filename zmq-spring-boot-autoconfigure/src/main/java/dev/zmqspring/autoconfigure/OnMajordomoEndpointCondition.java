package dev.zmqspring.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code zmq.majordomo.endpoint} names at least one endpoint, given as a comma-separated
 * string or as a list ({@code zmq.majordomo.endpoint[0]}), which {@code @ConditionalOnProperty}
 * would not see.
 */
final class OnMajordomoEndpointCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		List<String> endpoints = Binder.get(context.getEnvironment())
			.bind(ZmqMajordomoAutoConfiguration.ENDPOINT_KEY, Bindable.listOf(String.class))
			.orElse(List.of());
		return (ZmqPropertiesValidator.join(endpoints) != null)
				? ConditionOutcome.match(ZmqMajordomoAutoConfiguration.ENDPOINT_KEY + " is set")
				: ConditionOutcome.noMatch(ZmqMajordomoAutoConfiguration.ENDPOINT_KEY + " is not set");
	}

}
