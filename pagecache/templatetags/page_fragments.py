"""{% fragment "name" value… %}…{% endfragment %}: the enclosed markup kept for every
visitor until the next change (see pagecache/fragments.py). The values name what the
markup depends on besides the site and the language, e.g. the page's id or the path."""

from django import template
from django.utils.safestring import mark_safe

from ..fragments import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, vary, nodelist):
        self.name = name
        self.vary = vary
        self.nodelist = nodelist

    def render(self, context):
        name = self.name.resolve(context)
        vary = [value.resolve(context) for value in self.vary]
        html = cached_fragment(
            context.get("request"), f"tag:{name}", vary, lambda: str(self.nodelist.render(context))
        )
        return mark_safe(html)


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )
