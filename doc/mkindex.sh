#!/bin/sh
# Writes the index page of the HTML manual to stdout: one link per man page
# given as argument (man/manN/NAME.N), with the summary of its NAME section.
set -eu
esc() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }
cat <<'HEAD'
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>corosync manual</title>
</head>
<body>
<h1>corosync manual</h1>
<p>The manual pages of the cluster engine, its tools and its client
libraries. The same pages are installed for <code>man</code>.</p>
HEAD
for sec in 8 5 3; do
	case $sec in
	8) title="Administration and overviews (section 8)" ;;
	5) title="Configuration files (section 5)" ;;
	3) title="Library functions (section 3)" ;;
	esac
	first=1
	for page in "$@"; do
		case $page in *.$sec) ;; *) continue ;; esac
		if [ $first = 1 ]; then
			printf '<h2>%s</h2>\n<ul>\n' "$title"
			first=0
		fi
		base=$(basename "$page")
		# the line after ".SH NAME": "name \- summary"
		summary=$(sed -n '/^\.SH NAME/{n;p;q;}' "$page" | sed -e 's/^.*\\- *//' -e 's/\\-/-/g' -e 's/\\e/\\/g' | esc)
		name=$(printf '%s' "${base%.*}" | esc)
		printf '<li><a href="%s.html">%s(%s)</a> &mdash; %s</li>\n' "$base" "$name" "$sec" "$summary"
	done
	[ $first = 1 ] || printf '</ul>\n'
done
printf '</body>\n</html>\n'
