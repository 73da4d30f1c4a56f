package com.bowwow.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation YAML template into plain maps and lists, turning the short
 * intrinsic forms ({@code !Ref x}, {@code !GetAtt a.b}, {@code !Sub ...}) into their long
 * JSON forms.
 */
final class CfnYaml {

	private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
			"ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Length",
			"ToJsonString");

	private CfnYaml() {
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> parse(String text) {
		LoaderOptions options = new LoaderOptions();
		options.setCodePointLimit(10 * 1024 * 1024);
		Object document = new Yaml(new IntrinsicConstructor(options)).load(text);
		if (!(document instanceof Map<?, ?>)) {
			throw new IllegalArgumentException("A template is a YAML mapping");
		}
		return (Map<String, Object>) document;
	}

	private static final class IntrinsicConstructor extends SafeConstructor {

		IntrinsicConstructor(LoaderOptions options) {
			super(options);
			this.yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
			this.yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
			for (String function : FUNCTIONS) {
				this.yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
			}
		}

		private final class Intrinsic extends AbstractConstruct {

			private final String key;

			Intrinsic(String key) {
				this.key = key;
			}

			@Override
			public Object construct(Node node) {
				Object value;
				if (node instanceof ScalarNode scalar) {
					String text = constructScalar(scalar);
					if (this.key.equals("Fn::GetAtt")) {
						int dot = text.indexOf('.');
						value = (dot < 0) ? List.of(text) : List.of(text.substring(0, dot), text.substring(dot + 1));
					}
					else {
						value = text;
					}
				}
				else if (node instanceof SequenceNode sequence) {
					value = constructSequence(sequence);
				}
				else {
					value = constructMapping((MappingNode) node);
				}
				Map<String, Object> function = new LinkedHashMap<>();
				function.put(this.key, value);
				return function;
			}

		}

	}

}
